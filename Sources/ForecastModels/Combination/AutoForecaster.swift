import Dispatch
import Foundation
import ForecastSeries

/// The pool of methods that forecast best inside the training part, combined (`auto`): forecast
/// pooling (Kourentzes, Barrow & Petropoulos, 2019, "Another look at forecast selection and
/// combination: evidence from forecast pooling").
///
/// Each candidate is fitted at `origins` rolling origins inside the series it is given — on all
/// but the last `horizon × k` observations — and scored (MASE) on the `horizon` after each, so the
/// choice never sees anything `fit` was not given. The candidates with skill (not baselines)
/// whose mean validation MASE is within `poolingTolerance` times the best one's form the pool;
/// the mean of the pool's forecasts is the forecast, refitted on the whole series. Picking the
/// single best candidate instead is noisier: on the accuracy set it did worse than the pool at
/// every seed and origin measured (the README's table). A series too short to validate gets the
/// mean of the classical candidates. `validation` keeps the table, `reason` says why.
public struct AutoForecaster: Forecaster {
  /// The methods tried.
  public let candidates: [ForecastMethod]
  /// Validation origins.
  public let origins: Int
  /// Steps forecast from each validation origin; nil for the series' season, at least 8.
  public let horizon: Int?
  /// How the configurable candidates (networks) are made.
  public let settings: MethodSettings

  /// How much worse than the best candidate's mean validation MASE a candidate may be and still
  /// join the pool.
  public static let poolingTolerance = 1.5

  /// One candidate's (or the pool's) accuracy at the validation origins.
  public struct Score: Sendable, Equatable, Codable {
    /// A method's name, or the pool's (`mean of ets, lstm`).
    public var name: String
    /// The methods and how they combine.
    public var methods: [ForecastMethod]
    public var combination: Combination
    /// MASE at each validation origin, the latest first.
    public var mase: [Double]
    /// Their mean.
    public var meanMASE: Double { mase.reduce(0, +) / Double(max(mase.count, 1)) }
  }

  /// Each candidate's validation scores, best first, then the pool's; empty before `fit` and for a
  /// series too short to validate.
  public private(set) var validation: [Score] = []
  /// Candidates that could not be fitted at some origin, and why.
  public private(set) var excluded: [(method: ForecastMethod, reason: String)] = []
  /// The pool, refitted on the whole series.
  public private(set) var chosen: EnsembleForecaster?
  /// Why the pool is what it is, in a sentence.
  public private(set) var reason = "auto has not been fitted."
  public var profile: SeriesProfile? { chosen?.profile }
  public var calibration: ConformalCalibration?
  /// The validation fits at the second origin (on all but the last 2·horizon observations),
  /// which are also the first fits of a calibration at the same horizon; dropped once used.
  private var secondOriginFits: (horizon: Int, count: Int, models: [ForecastMethod: any Forecaster])?
  /// The pool's fits at the other calibration origins, made beside its final fit when `fit` was
  /// told a calibration comes next; dropped once used.
  private var calibrationFits: (horizon: Int, count: Int, models: [Int: EnsembleForecaster])?

  /// The candidates `auto` tries by default: the classical methods, the recommended network, the
  /// hybrid, and seasonal naive (for reference).
  public static let defaultCandidates: [ForecastMethod] = [.ets, .arima, .theta, .lstm, .hybrid, .seasonalNaive]

  /// An `auto` forecaster pooling `candidates` validated at `origins` origins, forecasting
  /// `horizon` steps from each (nil: the series' season, at least 8); networks are made with
  /// `settings`.
  public init(candidates: [ForecastMethod] = defaultCandidates, origins: Int = 2, horizon: Int? = nil, settings: MethodSettings = MethodSettings()) {
    self.candidates = candidates
    self.origins = origins
    self.horizon = horizon
    self.settings = settings
  }

  public var methodName: String { "auto" }

  /// The pool, as its ensemble describes it.
  public var modelDescription: String? { chosen?.modelDescription }
  public var isFitted: Bool { chosen != nil }

  /// Validates every candidate inside `series`, pools the best, and refits the pool on all of it.
  /// - Throws: `ModelError.invalidSetting` for no candidates or a nested combination;
  ///   `.unsuitableSeries` when no candidate can be fitted.
  public mutating func fit(_ series: TimeSeries) throws { try fit(series, calibratingFor: nil) }

  /// `fit(_:)`; when a calibration at `calibrationHorizon` comes next, the pool's fits at the
  /// calibration's origins are made concurrently with its final fit (the same fits
  /// `calibrate(on:horizon:fitOrigins:)` would make after it, so the intervals are the same).
  public mutating func fit(_ series: TimeSeries, calibratingFor calibrationHorizon: Int?) throws {
    calibrationFits = nil
    guard !candidates.isEmpty, !candidates.contains(where: \.isCombination), origins >= 1 else {
      throw ModelError.invalidSetting("auto needs at least one candidate method (none of them ensemble or auto) and one origin.")
    }
    let horizon = self.horizon ?? max(series.seasonalPeriod, 8)
    let needed = origins * horizon + 2 * max(series.seasonalPeriod, 2)
    guard series.count >= needed else {
      let classical = candidates.filter { !$0.isNetwork && !$0.isBaseline }
      let fallback = classical.isEmpty ? candidates : classical
      var chosen = EnsembleForecaster(fallback, settings: settings)
      try chosen.fit(series)
      (validation, excluded, self.chosen) = ([], [], chosen)
      reason = "auto combined \(Self.name(chosen.members.compactMap { ForecastMethod(rawValue: $0.methodName) })) without validating: the series has \(series.count) observations, and validating at \(origins) origins of \(horizon) needs \(needed)."
      return
    }
    let forecasts = validationForecasts(series, horizon: horizon)
    var excluded: [(ForecastMethod, String)] = []
    var predictions: [ForecastMethod: [[Double]]] = [:]
    var secondOrigin: [ForecastMethod: any Forecaster] = [:]
    for (method, result) in zip(candidates, forecasts) {
      switch result {
      case .success(let fits):
        predictions[method] = fits.map(\.values)
        if fits.count > 1 { secondOrigin[method] = fits[1].model }
      case .failure(let error): excluded.append((method, "\(error)"))
      }
    }
    func score(_ methods: [ForecastMethod]) throws -> Score {
      let mase = try (0..<origins).map { origin in
        let end = series.count - origin * horizon
        let train = Array(series.values[0..<end - horizon]), actual = Array(series.values[end - horizon..<end])
        let combined = (0..<horizon).map { step in Combination.mean.combine(methods.map { predictions[$0]![origin][step] }) }
        return try ForecastMetrics(actual: actual, forecast: combined, training: train, period: series.seasonalPeriod).mase
      }
      return Score(name: Self.name(methods), methods: methods, combination: .mean, mase: mase)
    }
    var scores = try candidates.filter { predictions[$0] != nil }.map { try score([$0]) }.sorted { $0.meanMASE < $1.meanMASE }
    guard let first = scores.first else {
      throw ModelError.unsuitableSeries("No candidate of auto could be fitted: " + excluded.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: "; "))
    }
    let skilled = scores.filter { !$0.methods[0].isBaseline }
    let best = skilled.first ?? first
    let pooled = skilled.filter { $0.meanMASE <= Self.poolingTolerance * best.meanMASE }.map { $0.methods[0] }
    let pool = pooled.isEmpty ? best.methods : pooled
    if pool.count > 1 { scores.append(try score(pool)) }
    let secondOriginGiven = calibrationHorizon == horizon && origins > 1 && pool.allSatisfy { secondOrigin[$0] != nil }
    let (chosen, fits) = try fitPool(pool, on: series, calibratingFor: calibrationHorizon, given: secondOriginGiven ? [1] : [])
    calibrationFits = calibrationHorizon.map { (horizon: $0, count: series.count, models: fits) }
    let left = skilled.filter { !pool.contains($0.methods[0]) }.map { "\($0.name) \(String(format: "%.3f", $0.meanMASE))" }
    reason = "auto pooled \(Self.name(pool)): the candidates within \(Self.poolingTolerance)× of the best mean validation MASE (\(best.name) \(String(format: "%.3f", best.meanMASE))) at \(origins) origin\(origins == 1 ? "" : "s") of \(horizon) inside the training part"
      + (left.isEmpty ? "." : "; left out: \(left.joined(separator: ", ")).")
    (self.validation, self.excluded, self.chosen) = (scores, excluded, chosen)
    secondOriginFits = (horizon, series.count, secondOrigin)
  }

  /// The pool fitted on `series` and, for a calibration at `horizon`, fitted at that
  /// calibration's origins other than `given` (origin k ends (k + 1)·horizon before the end), all
  /// concurrently; an origin whose fit fails is left out (the calibration then says why).
  private func fitPool(
    _ pool: [ForecastMethod], on series: TimeSeries, calibratingFor horizon: Int?, given: Set<Int>
  ) throws -> (EnsembleForecaster, [Int: EnsembleForecaster]) {
    let origins = horizon.map { ConformalCalibration.fitOrigins(count: series.count, horizon: $0, fitOrigins: ConformalCalibration.defaultFitOrigins) }?
      .filter { !given.contains($0.k) } ?? []
    let ends = [series.count] + origins.map(\.end)
    let settings = self.settings
    let fitted = concurrentMap(ends.count) { index in
      Result { () throws -> EnsembleForecaster in
        var ensemble = EnsembleForecaster(pool, settings: settings)
        try ensemble.fit(series[0..<ends[index]])
        return ensemble
      }
    }
    var fits: [Int: EnsembleForecaster] = [:]
    for ((k, _), result) in zip(origins, fitted.dropFirst()) {
      if case .success(let ensemble) = result { fits[k] = ensemble }
    }
    return (try fitted[0].get(), fits)
  }

  /// Each candidate's fit and forecast at each origin (the latest first), or why it failed.
  private func validationForecasts(_ series: TimeSeries, horizon: Int) -> [Result<[(values: [Double], model: any Forecaster)], any Error>] {
    let (candidates, origins, settings) = (self.candidates, self.origins, self.settings)
    let jobs = candidates.indices.flatMap { candidate in (0..<origins).map { (candidate, $0) } }
    let results = Slots<Result<(values: [Double], model: any Forecaster), any Error>>(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
      let (candidate, origin) = jobs[index]
      results[index] = Result {
        let end = series.count - origin * horizon
        var model = candidates[candidate].makeForecaster(settings)
        try model.fit(series[0..<end - horizon])
        let values = try model.forecast(horizon: horizon).values
        guard values.allSatisfy(\.isFinite) else {
          throw ModelError.unsuitableSeries("\(candidates[candidate].rawValue) forecast a value that is not finite.")
        }
        return (values, model)
      }
    }
    let all = results.values
    return candidates.indices.map { candidate in
      Result { try (0..<origins).map { try all[candidate * origins + $0].get() } }
    }
  }

  /// `ets`, or `mean of ets, theta`.
  private static func name(_ methods: [ForecastMethod]) -> String {
    methods.count == 1 ? methods[0].rawValue : "mean of \(methods.map(\.rawValue).joined(separator: ", "))"
  }

  /// Calibrates the pool's intervals (its fits at the calibration origins are the pool's own, not
  /// a new choice at each); the pool's validation fits at the second origin serve as its first
  /// calibration fit when the horizons agree.
  public mutating func calibrate(on series: TimeSeries, horizon: Int, fitOrigins: Int) throws {
    guard var chosen else { throw ModelError.notFitted(method: methodName) }
    var prefitted: [Int: EnsembleForecaster] = [:]
    if let fits = secondOriginFits, fits.horizon == horizon, fits.count == series.count, series.count > 2 * horizon {
      let members = chosen.methods.compactMap { fits.models[$0] }
      if members.count == chosen.methods.count {
        prefitted[1] = EnsembleForecaster(fitted: members, methods: chosen.methods, settings: settings, series: series[0..<series.count - 2 * horizon])
      }
    }
    if let fits = calibrationFits, fits.horizon == horizon, fits.count == series.count {
      prefitted.merge(fits.models) { first, _ in first }
    }
    (secondOriginFits, calibrationFits) = (nil, nil)
    try chosen.calibrateByRefitting(on: series, horizon: horizon, fitOrigins: fitOrigins, prefitted: prefitted)
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
    var reason: String
    var calibration: ConformalCalibration?
  }

  /// Writes `model.json` and the chosen option's model directory, whole.
  public func save(to directory: URL) throws {
    guard let chosen else { throw ModelError.notFitted(method: methodName) }
    let manifest = Manifest(
      candidates: candidates, origins: origins, horizon: horizon, validation: validation,
      excluded: excluded.map { "\($0.method.rawValue): \($0.reason)" }, reason: reason, calibration: calibration)
    try ModelDirectory.save(manifest, method: methodName, to: directory) { folder in
      try chosen.save(to: folder.appendingPathComponent("chosen"))
    }
  }

  /// Reads an `auto` model directory.
  public static func load(from directory: URL) throws -> AutoForecaster {
    let (_, manifest) = try ModelDirectory.decodeModel(Manifest.self, from: directory)
    var auto = AutoForecaster(candidates: manifest.candidates, origins: manifest.origins, horizon: manifest.horizon)
    auto.validation = manifest.validation
    auto.reason = manifest.reason
    auto.calibration = manifest.calibration
    auto.chosen = try EnsembleForecaster.load(from: directory.appendingPathComponent("chosen"))
    return auto
  }
}
