import Foundation
import ForecastSeries

/// The per-series normalisation of Smyl's ES-RNN (M4, 2018), in a simpler form: values are
/// logged (or Box–Cox transformed) when all are positive, their seasonal pattern removed, and
/// every window measured from an exponentially smoothed level — so a network sees shapes relative
/// to where the series is, whatever its scale or trend, and a forecast past the training range is
/// just a level plus a learned offset.
///
/// Everything is fitted on the training part only: the power (log, or Guerrero's Box–Cox λ), the
/// seasonal indices by classical additive decomposition of the transformed values (statsmodels'
/// `seasonal_decompose`), the smoothing weight α by the least one-step squared error on a grid of
/// 0.05 … 1.
public struct LevelScaling: Sendable, Equatable, Codable {
  /// The power transform (λ = 0: log), when all training values were positive.
  public private(set) var power: BoxCox?
  /// The divisor of the values when they are not transformed (their mean absolute value).
  public private(set) var scale: Double
  /// The seasonal index of each position of the period, on the logged scale; empty without a season.
  public private(set) var seasonal: [Double]
  /// The level's smoothing weight.
  public private(set) var alpha: Double
  /// A date whose seasonal position is 0 (the first training date).
  public private(set) var anchor: Date
  /// The spacing of the dates, which places any date in the season.
  public private(set) var frequency: Frequency?

  /// Fits the scaling to `series` (the training part) with seasonal period `period`; a positive
  /// series is logged, or with `boxCox` transformed by Guerrero's λ (`BoxCox.guerreroLambda`).
  /// - Throws: `ModelError.unsuitableSeries` for a series of fewer than three observations.
  public init(fitting series: TimeSeries, period: Int, boxCox: Bool = false) throws(ModelError) {
    guard series.count >= 3 else {
      throw .unsuitableSeries("The network's level scaling needs at least 3 observations, found \(series.count).")
    }
    let values = series.values
    power = values.allSatisfy { $0 > 0 } ? BoxCox(lambda: boxCox ? BoxCox.guerreroLambda(values, period: period) : 0) : nil
    let meanAbsolute = values.reduce(0) { $0 + abs($1) } / Double(values.count)
    scale = power != nil || meanAbsolute == 0 ? 1 : meanAbsolute
    anchor = series.dates[0]
    frequency = series.frequency
    seasonal = []
    alpha = 1
    let logged = values.map(forward)
    if period >= 2, series.count >= 2 * period, frequency != nil,
       let decomposition = try? SeasonalDecomposition(logged, period: period) {
      seasonal = Array(decomposition.seasonal.prefix(period))
    }
    let deseasonalised = transform(series)
    alpha = stride(from: 0.05, through: 1.0001, by: 0.05).min { a, b in
      Self.oneStepError(deseasonalised, alpha: a) < Self.oneStepError(deseasonalised, alpha: b)
    } ?? 1
  }

  /// Transforms (or scales) one value; a value at or below zero where the series was positive (a
  /// forecast of another method can be) is taken as the smallest positive number rather than NaN.
  private func forward(_ value: Double) -> Double {
    power.map { $0.transform(max(value, .leastNormalMagnitude)) } ?? value / scale
  }

  /// The seasonal position of `date`.
  func phase(of date: Date) -> Int {
    guard !seasonal.isEmpty, let frequency else { return 0 }
    let m = seasonal.count
    return ((frequency.steps(from: anchor, to: date) % m) + m) % m
  }

  /// The series logged (or scaled) and deseasonalised.
  public func transform(_ series: TimeSeries) -> [Double] {
    zip(series.values, series.dates).map { transform($0, on: $1) }
  }

  /// `value`, observed on `date`, logged (or scaled) and deseasonalised.
  public func transform(_ value: Double, on date: Date) -> Double {
    forward(value) - (seasonal.isEmpty ? 0 : seasonal[phase(of: date)])
  }

  /// The value on `date` whose transform is `transformed`.
  public func inverse(_ transformed: Double, on date: Date) -> Double {
    let seasonal = transformed + (self.seasonal.isEmpty ? 0 : self.seasonal[phase(of: date)])
    return power.map { $0.inverse(seasonal) } ?? seasonal * scale
  }

  /// The smoothed level after each transformed value (the first level is the first value).
  public func levels(_ transformed: [Double]) -> [Double] {
    var level = transformed.first ?? 0
    return transformed.map { value in
      level = nextLevel(level, value)
      return level
    }
  }

  /// The level after `value`, from the level before it.
  public func nextLevel(_ level: Double, _ value: Double) -> Double { alpha * value + (1 - alpha) * level }

  /// Σ (d_t − l_{t−1})² for simple exponential smoothing with weight `alpha`.
  private static func oneStepError(_ values: [Double], alpha: Double) -> Double {
    var level = values[0], error = 0.0
    for value in values.dropFirst() {
      error += (value - level) * (value - level)
      level = alpha * value + (1 - alpha) * level
    }
    return error
  }
}
