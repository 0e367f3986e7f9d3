import Dispatch
import Foundation
import ForecastSeries

/// The method, or combination of methods, that forecasts best inside the training part (`auto`).
///
/// Each candidate is fitted at `origins` rolling origins inside the series it is given — fitted on
/// all but the last `horizon × k` observations and scored (MASE) on the `horizon` after them — so
/// the choice never sees anything `fit` was not given. The options are every candidate alone and
/// equal-weight combinations (the mean of the classical candidates, the mean and the median of
/// all that are not baselines); the option with the lowest mean validation MASE is refitted on the
/// whole series. `validation` keeps the table, `choice` the option, `reason` a sentence on why.
public struct AutoForecaster: Forecaster {
  /// The methods tried.
  public let candidates: [ForecastMethod]
  /// Validation origins.
  public let origins: Int
  /// Steps forecast from each validation origin; nil for the series' season, at least 8.
  public let horizon: Int?

  /// One option's accuracy at the validation origins.
  public struct Score: Sendable, Equatable, Codable {
    /// What was scored: a method's name, or a combination's (`mean of ets, theta`).
    public var name: String
    /// The members and how they combine.
    public var methods: [ForecastMethod]
    public var combination: Combination
    /// MASE at each validation origin, the latest first.
    public var mase: [Double]
    /// Their mean.
    public var meanMASE: Double { mase.reduce(0, +) / Double(max(mase.count, 1)) }
  }

  /// Every option's validation scores, best first; empty before `fit`.
  public private(set) var validation: [Score] = []
  /// Candidates that could not be fitted at some origin, and why.
  public private(set) var excluded: [(method: ForecastMethod, reason: String)] = []
  /// The chosen option, refitted on the whole series.
  public private(set) var chosen: EnsembleForecaster?
  public var profile: SeriesProfile? { chosen?.profile }
  public var calibration: ConformalCalibration?

  /// The candidates `auto` tries by default: the classical methods, the recommended network, the
  /// hybrid, and seasonal naive.
  public static let defaultCandidates: [ForecastMethod] = [.ets, .theta, .lstm, .hybrid, .seasonalNaive]

  /// An `auto` forecaster choosing among `candidates` at `origins` validation origins, forecasting
  /// `horizon` steps from each (nil: the series' season, at least 8).
  public init(candidates: [ForecastMethod] = defaultCandidates, origins: Int = 2, horizon: Int? = nil) {
    self.candidates = candidates
    self.origins = origins
    self.horizon = horizon
  }

  public var methodName: String { "auto" }
  public var isFitted: Bool { chosen != nil }

  /// The chosen option and why, in a sentence.
  public var reason: String {
    guard let best = validation.first else { return "auto has not been fitted." }
    let runnerUp = validation.dropFirst().first.map { "; next \($0.name) at \(String(format: "%.3f", $0.meanMASE))" } ?? ""
    let steps = validation.first.map { "\($0.mase.count) origin\($0.mase.count == 1 ? "" : "s")" } ?? ""
    return "auto chose \(best.name): mean validation MASE \(String(format: "%.3f", best.meanMASE)) over \(steps) inside the training part\(runnerUp)."
  }

  /// Validates every candidate inside `series`, chooses, and refits the choice on all of it.
  /// - Throws: `ModelError.invalidSetting` for no candidates or a nested combination;
  ///   `.unsuitableSeries` when the series is too short to validate or no candidate can be fitted.
  public mutating func fit(_ series: TimeSeries) throws {
    guard !candidates.isEmpty, !candidates.contains(where: \.isCombination), origins >= 1 else {
      throw ModelError.invalidSetting("auto needs at least one candidate method (none of them ensemble or auto) and one origin.")
    }
    let horizon = self.horizon ?? max(series.seasonalPeriod, 8)
    guard series.count - origins * horizon >= 2 * max(series.seasonalPeriod, 2) else {
      throw ModelError.unsuitableSeries(
        "auto validates on the last \(origins) × \(horizon) observations and needs two seasons before them, \(origins * horizon + 2 * max(series.seasonalPeriod, 2)) in all; the series has \(series.count). Choose a method instead.")
    }
    let forecasts = validationForecasts(series, horizon: horizon)
    var usable: [ForecastMethod] = []
    var excluded: [(ForecastMethod, String)] = []
    for (method, result) in zip(candidates, forecasts) {
      switch result {
      case .success: usable.append(method)
      case .failure(let error): excluded.append((method, "\(error)"))
      }
    }
    guard !usable.isEmpty else {
      throw ModelError.unsuitableSeries("No candidate of auto could be fitted: " + excluded.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: "; "))
    }
    let predictions = Dictionary(uniqueKeysWithValues: zip(candidates, forecasts).compactMap { method, result in
      (try? result.get()).map { (method, $0) }
    })
    var scores: [Score] = []
    for (methods, combination) in options(usable) {
      let mase = try (0..<origins).map { origin in
        let end = series.count - origin * horizon
        let train = series.values[0..<end - horizon], actual = Array(series.values[end - horizon..<end])
        let combined = (0..<horizon).map { step in combination.combine(methods.map { predictions[$0]![origin][step] }) }
        return try ForecastMetrics(actual: actual, forecast: combined, training: Array(train), period: series.seasonalPeriod).mase
      }
      scores.append(Score(name: Self.name(methods, combination), methods: methods, combination: combination, mase: mase))
    }
    scores.sort { $0.meanMASE < $1.meanMASE }
    var chosen = EnsembleForecaster(scores[0].methods, combination: scores[0].combination)
    try chosen.fit(series)
    (self.validation, self.excluded, self.chosen) = (scores, excluded, chosen)
  }

  /// Each candidate's forecasts at each origin (the latest first), or why it failed.
  private func validationForecasts(_ series: TimeSeries, horizon: Int) -> [Result<[[Double]], any Error>] {
    let (candidates, origins) = (self.candidates, self.origins)
    let jobs = candidates.indices.flatMap { candidate in (0..<origins).map { (candidate, $0) } }
    let results = Slots<Result<[Double], any Error>>(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
      let (candidate, origin) = jobs[index]
      results[index] = Result {
        let end = series.count - origin * horizon
        var model = candidates[candidate].makeForecaster()
        try model.fit(series[0..<end - horizon])
        let values = try model.forecast(horizon: horizon).values
        guard values.allSatisfy(\.isFinite) else {
          throw ModelError.unsuitableSeries("\(candidates[candidate].rawValue) forecast a value that is not finite.")
        }
        return values
      }
    }
    let all = results.values
    return candidates.indices.map { candidate in
      Result { try (0..<origins).map { try all[candidate * origins + $0].get() } }
    }
  }

  /// The options compared: each method alone, then the combinations worth trying.
  private func options(_ methods: [ForecastMethod]) -> [(methods: [ForecastMethod], combination: Combination)] {
    var options = methods.map { ([$0], Combination.mean) }
    let classical = methods.filter { !$0.isNetwork && !$0.isBaseline }
    let skilled = methods.filter { !$0.isBaseline }
    if classical.count >= 2 { options.append((classical, .mean)) }
    if skilled.count >= 2 && skilled != classical { options.append((skilled, .mean)) }
    if skilled.count >= 3 { options.append((skilled, .median)) }
    return options
  }

  /// `ets`, or `mean of ets, theta`.
  private static func name(_ methods: [ForecastMethod], _ combination: Combination) -> String {
    methods.count == 1 ? methods[0].rawValue : "\(combination.rawValue) of \(methods.map(\.rawValue).joined(separator: ", "))"
  }

  /// Calibrates the chosen option's intervals (its fits at the calibration origins are its own,
  /// not a new choice at each).
  public mutating func calibrate(on series: TimeSeries, horizon: Int, fitOrigins: Int) throws {
    guard var chosen else { throw ModelError.notFitted(method: methodName) }
    try chosen.calibrateByRefitting(on: series, horizon: horizon, fitOrigins: fitOrigins)
    calibration = chosen.calibration
    self.chosen = chosen
  }

  public func forecast(horizon: Int) throws -> ForecastResult {
    guard let chosen else { throw ModelError.notFitted(method: methodName) }
    return try chosen.forecast(horizon: horizon)
  }

  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    guard let chosen else { throw ModelError.notFitted(method: methodName) }
    return try chosen.forecast(horizon: horizon, after: history)
  }
}

// MARK: - Model directory

extension AutoForecaster {
  /// What `model.json` records; the chosen option's model directory is `chosen/`.
  private struct Manifest: Codable {
    var candidates: [ForecastMethod]
    var origins: Int
    var horizon: Int?
    var validation: [Score]
    var excluded: [String]
    var calibration: ConformalCalibration?
  }

  /// Writes `model.json` and the chosen option's model directory, whole.
  public func save(to directory: URL) throws {
    guard let chosen else { throw ModelError.notFitted(method: methodName) }
    let manifest = Manifest(
      candidates: candidates, origins: origins, horizon: horizon, validation: validation,
      excluded: excluded.map { "\($0.method.rawValue): \($0.reason)" }, calibration: calibration)
    try ModelDirectory.save(manifest, method: methodName, to: directory) { folder in
      try chosen.save(to: folder.appendingPathComponent("chosen"))
    }
  }

  /// Reads an `auto` model directory.
  public static func load(from directory: URL) throws -> AutoForecaster {
    let (_, manifest) = try ModelDirectory.decodeModel(Manifest.self, from: directory)
    var auto = AutoForecaster(candidates: manifest.candidates, origins: manifest.origins, horizon: manifest.horizon)
    auto.validation = manifest.validation
    auto.calibration = manifest.calibration
    auto.chosen = try EnsembleForecaster.load(from: directory.appendingPathComponent("chosen"))
    return auto
  }
}
