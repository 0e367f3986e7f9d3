import Foundation
import ForecastSeries

/// Split-conformal prediction intervals from rolling-origin forecast errors (Vovk et al., 2005;
/// as statsforecast's `ConformalIntervals`): the errors at each horizon step, over calibration
/// windows inside the series, give the interval's half-width at a level α as the ⌈(n + 1)·α⌉-th
/// smallest of the n errors — a range that covers a future value with probability at least α when
/// errors are exchangeable. With too few windows for a level (n < ⌈(n + 1)·α⌉) there is no such
/// error, and that level is left out, with a note.
///
/// For a positive series the errors are measured as log ratios, |log y − log ŷ|, and the interval
/// is ŷ·e^(±q): errors of a growing series grow with its level, so absolute errors from earlier
/// windows would be too small for the future — relative ones carry over.
public struct ConformalCalibration: Sendable, Equatable, Codable {
  /// How an error is measured.
  public enum ErrorScale: String, Sendable, Codable {
    /// |y − ŷ|: intervals ŷ ± q.
    case absolute
    /// |log y − log ŷ| (positive series): intervals ŷ·e^(±q).
    case logRatio = "log-ratio"
  }

  /// The errors at each horizon step (`errors[0]` one step ahead), sorted ascending.
  public private(set) var errors: [[Double]]
  /// How they are measured.
  public let scale: ErrorScale

  /// A calibration from the errors at each step (in any order), measured on `scale`.
  public init(errors: [[Double]], scale: ErrorScale = .absolute) {
    self.errors = errors.map { $0.sorted() }
    self.scale = scale
  }

  /// Reads a calibration; files written before error scales existed hold absolute errors.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    errors = try container.decode([[Double]].self, forKey: .errors)
    scale = try container.decodeIfPresent(ErrorScale.self, forKey: .scale) ?? .absolute
    guard !errors.isEmpty, errors.joined().allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw DecodingError.dataCorruptedError(
        forKey: .errors, in: container, debugDescription: "expected the errors of at least one step, each finite and not negative")
    }
    errors = errors.map { $0.sorted() }
  }

  /// The steps calibrated.
  public var horizon: Int { errors.count }
  /// The calibration windows (errors per step).
  public var windows: Int { errors.first?.count ?? 0 }

  /// The half-width at `level` percent for step `step` (from 0; beyond the calibrated horizon,
  /// the last step's), or nil when there are too few windows for the level.
  public func halfWidth(step: Int, level: Double) -> Double? {
    let sorted = errors[min(step, horizon - 1)]
    let rank = Int((Double(sorted.count + 1) * level / 100).rounded(.up))
    return rank >= 1 && rank <= sorted.count ? sorted[rank - 1] : nil
  }

  /// Fit origins a calibration uses by default: refits 2, 3, 4 and 5 horizons before the end give
  /// 10·horizon + 4 windows (124 for a horizon of 12), including errors of fits on less data, as
  /// the future's are of data the fit has not seen. Measured on the accuracy set, two origins
  /// made `auto`'s 80% intervals cover 71% of the test values, four 76% (the README).
  public static let defaultFitOrigins = 4

  /// The fit origins of a calibration of `horizon` steps on `count` observations: origin k (from 1
  /// to `fitOrigins`) fits on all but the last (k + 1)·horizon; origins leaving fewer than 2
  /// observations to fit on are left out.
  static func fitOrigins(count: Int, horizon: Int, fitOrigins: Int) -> [(k: Int, end: Int)] {
    (1...max(fitOrigins, 1)).map { (k: $0, end: count - ($0 + 1) * horizon) }.filter { $0.end >= 2 }
  }

  /// The smallest number of windows that gives a `level`% interval.
  public static func windowsNeeded(level: Double) -> Int {
    // n ≥ ⌈(n + 1)·α⌉ ⇔ n ≥ α / (1 − α).
    Int((level / (100 - level)).rounded(.up))
  }

  /// Intervals around `values` at each of `levels`; levels the calibration is too small for are
  /// left out and explained in the notes.
  public func intervals(around values: [Double], levels: [Double]) -> (intervals: [PredictionInterval], notes: [String]) {
    var intervals: [PredictionInterval] = [], notes: [String] = []
    for level in levels {
      let widths = values.indices.map { halfWidth(step: $0, level: level) }
      if widths.contains(where: { $0 == nil }) {
        notes.append("No \(format(level))% interval: conformal intervals at \(format(level))% need \(Self.windowsNeeded(level: level)) calibration windows, and the series gave \(windows).")
        continue
      }
      let half = widths.map { $0! }
      switch scale {
      case .absolute:
        intervals.append(PredictionInterval(level: level, lower: zip(values, half).map { $0 - $1 }, upper: zip(values, half).map { $0 + $1 }))
      case .logRatio:
        guard values.allSatisfy({ $0 > 0 }) else {
          notes.append("No \(format(level))% interval: the intervals are relative to the forecast, which is not positive at every step.")
          continue
        }
        intervals.append(PredictionInterval(level: level, lower: zip(values, half).map { $0 * exp(-$1) }, upper: zip(values, half).map { $0 * exp($1) }))
      }
    }
    return (intervals, notes)
  }

  private func format(_ level: Double) -> String { level == level.rounded() ? String(Int(level)) : String(level) }
}

extension Forecaster {
  /// Calibrates conformal intervals for forecasts of `horizon` steps on `series` — the series the
  /// model is (or will be) fitted on, and nothing after it. The method is fitted again at
  /// `fitOrigins` origins, `2·horizon`, `3·horizon`, … before the end; each of those fits forecasts
  /// from every later origin whose `horizon` values lie inside the series, with its parameters kept
  /// (`forecast(horizon:after:)`), so a fit at origin k gives k·horizon + 1 windows of errors that
  /// its parameters never saw. Origins that leave too little to fit on are skipped; the others
  /// are fitted concurrently.
  /// - Throws: `ModelError.unsuitableSeries` when no origin can be fitted.
  public mutating func calibrate(on series: TimeSeries, horizon: Int, fitOrigins: Int) throws {
    try calibrateByRefitting(on: series, horizon: horizon, fitOrigins: fitOrigins)
  }

  /// Calibrates conformal intervals at `defaultFitOrigins` fit origins
  /// (`calibrate(on:horizon:fitOrigins:)`).
  public mutating func calibrate(on series: TimeSeries, horizon: Int) throws {
    try calibrate(on: series, horizon: horizon, fitOrigins: ConformalCalibration.defaultFitOrigins)
  }

  /// The default calibration, described at `calibrate(on:horizon:fitOrigins:)`; `prefitted` holds
  /// models already fitted at some fit origins (by origin number k, fitted on all but the last
  /// (k + 1)·horizon observations), which are used instead of fitting again.
  public mutating func calibrateByRefitting(on series: TimeSeries, horizon: Int, fitOrigins: Int, prefitted: [Int: Self] = [:]) throws {
    guard horizon >= 1 else { throw ModelError.invalidSetting("Calibration needs a horizon of at least 1, received \(horizon).") }
    // The fit origins are independent: fitted concurrently, their errors joined in origin order.
    let origins = ConformalCalibration.fitOrigins(count: series.count, horizon: horizon, fitOrigins: fitOrigins)
    let template = quietCopy()
    let results = concurrentMap(origins.count) { index in
      let (k, origin) = origins[index]
      return Result { () throws -> (errors: [[Double]], logErrors: [[Double]]) in
        var model = prefitted[k] ?? template
        if prefitted[k] == nil { try model.fit(series[0..<origin]) }
        var errors = [[Double]](repeating: [], count: horizon), logErrors = errors
        for end in origin...(series.count - horizon) {
          let forecast = try model.forecast(horizon: horizon, after: series[0..<end])
          for step in 0..<horizon {
            let (actual, predicted) = (series.values[end + step], forecast.values[step])
            errors[step].append(abs(actual - predicted))
            logErrors[step].append(actual > 0 && predicted > 0 ? abs(log(actual) - log(predicted)) : .nan)
          }
        }
        return (errors, logErrors)
      }
    }
    var errors = [[Double]](repeating: [], count: horizon), logErrors = errors
    var reasons: [String] = []
    for result in results {
      switch result {
      case .success(let found):
        for step in 0..<horizon {
          errors[step] += found.errors[step]
          logErrors[step] += found.logErrors[step]
        }
      case .failure(let error): reasons.append("\(error)")
      }
    }
    guard !errors[0].isEmpty, errors[0].allSatisfy(\.isFinite) else {
      let why = reasons.first.map { ": " + ($0.hasSuffix(".") ? $0 : $0 + ".") }
        ?? " (the series is too short for an origin \(2 * horizon) observations before its end)."
      throw ModelError.unsuitableSeries("Conformal intervals could not be calibrated for \(methodName)\(why)")
    }
    let relative = series.values.allSatisfy { $0 > 0 } && logErrors.allSatisfy { $0.allSatisfy(\.isFinite) }
    calibration = ConformalCalibration(errors: relative ? logErrors : errors, scale: relative ? .logRatio : .absolute)
  }

  /// Readies the model's intervals for forecasts of `horizon` steps: nothing for a method with
  /// analytic intervals, else a conformal calibration on `series` (the series it was fitted on).
  /// - Throws: what `calibrate(on:horizon:)` throws when calibration is impossible.
  public mutating func prepareIntervals(on series: TimeSeries, horizon: Int) throws {
    if isFitted, try analyticIntervals(horizon: 1, levels: [80], after: nil) != nil { return }
    try calibrate(on: series, horizon: horizon)
  }

  /// `prepareIntervals(on:horizon:)` when `levels` asks for intervals; a failure is returned as
  /// a note for the forecast (intervals are then missing) rather than thrown.
  mutating func prepareIntervals(on series: TimeSeries, horizon: Int, levels: [Double]) -> String? {
    guard !levels.isEmpty else { return nil }
    do { try prepareIntervals(on: series, horizon: horizon) } catch { return "No intervals: \(error)" }
    return nil
  }

  /// A copy that prints nothing while it is fitted again.
  private func quietCopy() -> Self {
    guard var network = self as? NetworkForecaster else { return self }
    network.log = nil
    return network as! Self
  }

  /// The `horizon` values after the fitted series with prediction intervals at `levels` (percent):
  /// the method's own (analytic) intervals where it has them, else conformal ones from
  /// `calibration`; `notes` say what is missing and why. The forecast is `checked` against the
  /// range of the values fitted on.
  /// - Throws: what `forecast(horizon:)` throws; `ModelError.implausibleForecast` for a forecast
  ///   that runs away.
  public func forecast(horizon: Int, levels: [Double]) throws -> ForecastResult {
    try withIntervals(try forecast(horizon: horizon), levels: levels, after: nil)
  }

  /// `forecast(horizon:after:)` with prediction intervals at `levels` (percent), as
  /// `forecast(horizon:levels:)`, checked against the range of `history`.
  public func forecast(horizon: Int, after history: TimeSeries, levels: [Double]) throws -> ForecastResult {
    try withIntervals(try forecast(horizon: horizon, after: history), levels: levels, after: history)
  }

  private func withIntervals(_ forecast: ForecastResult, levels: [Double], after history: TimeSeries?) throws -> ForecastResult {
    let range = history.flatMap { SeriesProfile($0, period: 1).range } ?? profile?.range
    guard !levels.isEmpty else { return try range.map { try forecast.checked(method: methodName, range: $0) } ?? forecast }
    if let bad = levels.first(where: { !($0 > 0 && $0 < 100) }) {
      throw ModelError.invalidSetting("Interval levels are percentages between 0 and 100 (exclusive), such as 80 or 95; received \(bad).")
    }
    var result = forecast
    if let analytic = try analyticIntervals(horizon: forecast.horizon, levels: levels.sorted(), after: history) {
      result.intervals = analytic
    } else if let calibration {
      (result.intervals, result.notes) = calibration.intervals(around: forecast.values, levels: levels.sorted())
    } else {
      result.notes = ["No intervals: the \(methodName) model has no calibration (calibrate(on:horizon:) computes one)."]
    }
    return try range.map { try result.checked(method: methodName, range: $0) } ?? result
  }
}
