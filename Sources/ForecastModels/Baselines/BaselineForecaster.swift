import Foundation
import ForecastSeries

/// The simple forecasts every method should beat — naive, seasonal naive and drift
/// (statsforecast's `Naive`, `SeasonalNaive`, `RandomWalkWithDrift`) — as a forecaster. They
/// estimate nothing: fitting keeps what the forecast repeats, the last season of values and the
/// drift's slope.
public struct BaselineForecaster: Forecaster, Codable {
  /// Which baseline.
  public var baseline: Baseline
  /// What it was fitted on; nil before `fit`.
  public private(set) var profile: SeriesProfile?
  /// The last `period` values fitted on (the last one for naive and drift).
  public private(set) var tail: [Double] = []
  /// The drift's slope per step (zero for the others).
  public private(set) var slope = 0.0
  public var calibration: ConformalCalibration?

  /// An unfitted baseline forecaster.
  public init(_ baseline: Baseline) {
    self.baseline = baseline
  }

  /// `naive`, `seasonal-naive` or `drift`.
  public var methodName: String { baseline.rawValue }

  public var isFitted: Bool { profile != nil }

  public mutating func fit(_ series: TimeSeries) throws {
    let period = baseline == .seasonalNaive ? series.seasonalPeriod : 1
    guard series.count >= period, series.count >= 1 else {
      throw ModelError.unsuitableSeries("\(methodName) needs at least \(max(period, 1)) observations, found \(series.count).")
    }
    let values = series.values
    profile = SeriesProfile(series, period: period)
    tail = Array(values.suffix(period))
    slope = baseline == .drift && values.count > 1 ? (values[values.count - 1] - values[0]) / Double(values.count - 1) : 0
  }

  public func forecast(horizon: Int) throws -> ForecastResult {
    guard let profile else { throw ModelError.notFitted(method: methodName) }
    let values: [Double]
    switch baseline {
    case .naive, .seasonalNaive: values = (0..<horizon).map { tail[$0 % tail.count] }
    case .drift: values = (0..<horizon).map { tail[tail.count - 1] + Double($0 + 1) * slope }
    }
    return ForecastResult(dates: try profile.futureDates(horizon), values: values)
  }

  /// A baseline has no parameters to keep: it is fitted to `history` afresh.
  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    var model = self
    try model.fit(history)
    return try model.forecast(horizon: horizon)
  }
}
