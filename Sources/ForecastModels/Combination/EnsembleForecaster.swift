import Dispatch
import Foundation
import ForecastSeries

/// How an ensemble combines its members' forecasts, step by step.
public enum Combination: String, CaseIterable, Codable, Sendable {
  /// The mean (statsforecast's and the M-competitions' "Comb").
  case mean
  /// The median, robust to one member going astray.
  case median

  /// The combination of `values`, one per member.
  func combine(_ values: [Double]) -> Double {
    switch self {
    case .mean: values.reduce(0, +) / Double(values.count)
    case .median: Statistics.quantile(values.sorted(), 0.5)
    }
  }
}

/// A combination of methods (`ensemble`): each member is fitted on the same series, concurrently,
/// and the forecast at each step is their mean or median — the equal-weight combinations that
/// are hard to beat (Makridakis et al., M4, 2020). A member that cannot be fitted to the series is
/// left out and named in `dropped`, as long as one remains.
public struct EnsembleForecaster: Forecaster {
  /// The members' methods.
  public let methods: [ForecastMethod]
  /// How forecasts are combined.
  public let combination: Combination
  /// How the configurable members (networks) are made.
  public let settings: MethodSettings
  /// The fitted members; empty before `fit`.
  public private(set) var members: [any Forecaster] = []
  /// Members that could not be fitted, and why.
  public private(set) var dropped: [(method: ForecastMethod, reason: String)] = []
  public private(set) var profile: SeriesProfile?
  public var calibration: ConformalCalibration?

  /// An ensemble of `methods` (at least one, none of them an ensemble or `auto`), combined by
  /// `combination`, its networks made with `settings`.
  public init(_ methods: [ForecastMethod], combination: Combination = .mean, settings: MethodSettings = MethodSettings()) {
    self.methods = methods
    self.combination = combination
    self.settings = settings
  }

  /// An ensemble of members already fitted on `series`.
  init(fitted members: [any Forecaster], methods: [ForecastMethod], settings: MethodSettings, series: TimeSeries) {
    self.init(methods, combination: .mean, settings: settings)
    self.members = members
    profile = SeriesProfile(series, period: series.seasonalPeriod)
  }

  public var methodName: String { "ensemble" }

  /// The members combined, as `mean of ets, arima, theta`.
  public var modelDescription: String? {
    guard isFitted else { return nil }
    let parts = members.map { member in member.modelDescription.map { "\(member.methodName) \($0)" } ?? member.methodName }
    return "\(combination.rawValue) of \(parts.joined(separator: "; "))"
  }
  public var isFitted: Bool { !members.isEmpty }

  /// Fits every member on `series`, concurrently.
  /// - Throws: `ModelError.invalidSetting` for no methods or a nested combination;
  ///   `ModelError.unsuitableSeries` when no member can be fitted (with each one's reason).
  public mutating func fit(_ series: TimeSeries) throws {
    guard !methods.isEmpty else { throw ModelError.invalidSetting("An ensemble needs at least one method.") }
    if let nested = methods.first(where: \.isCombination) {
      throw ModelError.invalidSetting("An ensemble's members cannot be '\(nested.rawValue)'; name the methods to combine.")
    }
    let (methods, settings) = (self.methods, self.settings)
    let results = concurrentMap(methods.count) { index in
      Result { () throws -> any Forecaster in
        var member = methods[index].makeForecaster(settings)
        try member.fit(series)
        return member
      }
    }
    var fitted: [any Forecaster] = [], failed: [(ForecastMethod, String)] = []
    for (method, result) in zip(methods, results) {
      switch result {
      case .success(let member): fitted.append(member)
      case .failure(let error): failed.append((method, "\(error)"))
      }
    }
    guard !fitted.isEmpty else {
      throw ModelError.unsuitableSeries("No member of the ensemble could be fitted: " + failed.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: "; "))
    }
    (members, dropped, profile) = (fitted, failed, SeriesProfile(series, period: series.seasonalPeriod))
  }

  public func forecast(horizon: Int) throws -> ForecastResult {
    guard isFitted else { throw ModelError.notFitted(method: methodName) }
    return try combine(members.map { try $0.forecast(horizon: horizon) })
  }

  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    guard isFitted else { throw ModelError.notFitted(method: methodName) }
    return try combine(members.map { try $0.forecast(horizon: horizon, after: history) })
  }

  /// The members' forecasts combined step by step.
  private func combine(_ forecasts: [ForecastResult]) throws -> ForecastResult {
    let first = forecasts[0]
    let values = first.values.indices.map { step in combination.combine(forecasts.map { $0.values[step] }) }
    return ForecastResult(dates: first.dates, values: values)
  }
}

// MARK: - Model directory

extension EnsembleForecaster {
  /// What `model.json` records; the members' own directories are `members/1`, `members/2`, ….
  private struct Manifest: Codable {
    var methods: [ForecastMethod]
    var combination: Combination
    var members: [ForecastMethod]
    var dropped: [String]
    var profile: SeriesProfile
    var calibration: ConformalCalibration?
  }

  /// The folder of member `index` (from 0) inside a model directory.
  static func memberFolder(_ index: Int, in directory: URL) -> URL {
    directory.appendingPathComponent("members").appendingPathComponent("\(index + 1)")
  }

  /// Writes `model.json` and each member's model directory, whole.
  public func save(to directory: URL) throws {
    guard let profile, isFitted else { throw ModelError.notFitted(method: methodName) }
    let manifest = Manifest(
      methods: methods, combination: combination, members: try members.map { try ForecastMethod(named: $0.methodName) },
      dropped: dropped.map { "\($0.method.rawValue): \($0.reason)" }, profile: profile, calibration: calibration)
    try ModelDirectory.save(manifest, method: methodName, to: directory) { folder in
      for (index, member) in members.enumerated() { try member.save(to: Self.memberFolder(index, in: folder)) }
    }
  }

  /// Reads an ensemble's model directory.
  public static func load(from directory: URL) throws -> EnsembleForecaster {
    let (_, manifest) = try ModelDirectory.decodeModel(Manifest.self, from: directory)
    var ensemble = EnsembleForecaster(manifest.methods, combination: manifest.combination)
    ensemble.members = try manifest.members.indices.map { try ForecastMethod.load(from: memberFolder($0, in: directory)) }
    guard ensemble.members.map(\.methodName) == manifest.members.map(\.rawValue), !ensemble.members.isEmpty else {
      throw ModelError.modelFile(
        path: directory.appendingPathComponent(ModelDirectory.manifestFileName).path,
        problem: "lists the members \(manifest.members.map(\.rawValue)), which its members/ folders do not hold.")
    }
    ensemble.profile = manifest.profile
    ensemble.calibration = manifest.calibration
    return ensemble
  }
}

extension ForecastMethod {
  /// Whether the method combines others (`ensemble`, `auto`).
  public var isCombination: Bool { self == .ensemble || self == .auto }
}
