import Foundation
import ForecastSeries

/// A dated forecast: point values, and prediction intervals where the method gives them.
public struct ForecastResult: Sendable, Equatable {
  /// The dates forecast, one step apart at the series' frequency.
  public var dates: [Date]
  /// The point forecast (statsforecast's `mean`), one value per date.
  public var values: [Double]
  /// Prediction intervals, one per level, lowest level first.
  public var intervals: [PredictionInterval]
  /// What the forecast could not give and why (a level with too few calibration windows).
  public var notes: [String] = []

  /// A forecast of `values` on `dates`, with `intervals` of the same length.
  public init(dates: [Date], values: [Double], intervals: [PredictionInterval] = []) {
    precondition(dates.count == values.count, "A forecast needs one value per date")
    precondition(intervals.allSatisfy { $0.lower.count == values.count && $0.upper.count == values.count },
                 "Every interval needs one bound per date")
    self.dates = dates
    self.values = values
    self.intervals = intervals
  }

  /// The number of steps forecast.
  public var horizon: Int { values.count }

  /// The forecast, when every value and bound is finite and within ten times the span of
  /// `range` (the training values) of it — a recursive or direct forecast that runs away far
  /// ahead is refused rather than written.
  /// - Throws: `ModelError.implausibleForecast` naming the first step that is not, and its date.
  public func checked(method: String, range: ClosedRange<Double>) throws(ModelError) -> ForecastResult {
    let span = max(range.upperBound - range.lowerBound, abs(range.upperBound), abs(range.lowerBound), 1)
    let sane = (range.lowerBound - 10 * span)...(range.upperBound + 10 * span)
    for step in values.indices {
      let level = { (level: Double) in level == level.rounded() ? String(Int(level)) : String(level) }
      let candidates: [(value: Double, bound: String?)] = [(values[step], nil)] + intervals.flatMap { interval in
        [(interval.lower[step], "\(level(interval.level))% interval's lower bound"), (interval.upper[step], "\(level(interval.level))% interval's upper bound")]
      }
      if let bad = candidates.first(where: { !$0.value.isFinite || !sane.contains($0.value) }) {
        throw .implausibleForecast(
          method: method, step: step + 1, date: DateParsing.format(dates[step]), value: bad.value, range: range, bound: bad.bound)
      }
    }
    return self
  }
}

/// The range that holds a future value with probability `level` (in percent, as statsforecast's
/// `level=[80, 95]`).
public struct PredictionInterval: Sendable, Equatable, Codable {
  /// The nominal coverage in percent, such as 80 or 95.
  public var level: Double
  /// Lower bounds, one per forecast step.
  public var lower: [Double]
  /// Upper bounds, one per forecast step.
  public var upper: [Double]

  /// An interval at `level` percent.
  public init(level: Double, lower: [Double], upper: [Double]) {
    self.level = level
    self.lower = lower
    self.upper = upper
  }
}
