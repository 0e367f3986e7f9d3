import Foundation
import ForecastSeries

/// The methods of the library by the names `--method` and `model.json` use, with what makes a
/// new one and what reads a saved one.
public enum ForecastMethod: String, CaseIterable, Sendable, Codable {
  /// The Keras tutorial's recipe, to the bit: `LSTM(100, relu)` → `Dense(1)` on windows of 12.
  case tutorial
  /// A recurrent network with settings of the caller's choosing (any cell).
  case lstm
  /// A network that learns a correction to another method's forecast (`NetworkSettings.base`).
  case hybrid
  /// One network trained across all the series at once, each normalised by itself (`GlobalNetwork`).
  case global
  /// A combination of methods (`EnsembleForecaster`).
  case ensemble
  /// The method, or combination, that validation inside the training part prefers (`AutoForecaster`).
  case auto
  /// Exponential smoothing state-space models chosen by AICc, as statsforecast's `AutoETS`.
  case ets
  /// ARIMA chosen by the Hyndman–Khandakar stepwise search on AICc, as statsforecast's `AutoARIMA`.
  case arima
  /// ARIMA of the orders given (`MethodSettings.arima`), as statsforecast's `ARIMA`.
  case fixedArima = "fixed-arima"
  /// The best of the four Theta models of Fiorucci et al., as statsforecast's `AutoTheta`.
  case theta
  /// Every future value is the last observation.
  case naive
  /// Each future value is the observation one season earlier.
  case seasonalNaive = "seasonal-naive"
  /// The line from the first to the last observation, extended.
  case drift

  /// The methods every evaluation shows beside the one chosen: the classical methods, then the baselines.
  public static let comparisons: [ForecastMethod] = [.ets, .arima, .theta, .naive, .seasonalNaive, .drift]

  /// Whether the method is a neural network (it trains with a seed, prints progress, saves weights).
  public var isNetwork: Bool { self == .tutorial || self == .lstm || self == .hybrid || self == .global }

  /// Whether the method is one of the simple baselines every method should beat.
  public var isBaseline: Bool { self == .naive || self == .seasonalNaive || self == .drift }

  /// The method's name in tables: `seasonal naive`.
  public var displayName: String { rawValue.replacingOccurrences(of: "-", with: " ") }

  /// A new, unfitted forecaster of this method, configured by `settings` where they apply.
  public func makeForecaster(_ settings: MethodSettings = MethodSettings()) -> any Forecaster {
    switch self {
    case .tutorial: return NetworkForecaster.tutorial()
    case .lstm: return NetworkForecaster(settings: settings.network ?? .recommended)
    case .hybrid: return NetworkForecaster(settings: settings.hybrid ?? .hybrid())
    case .global: return GlobalNetwork(settings: settings.global ?? .global)
    case .ensemble:
      return EnsembleForecaster(settings.members ?? Self.comparisons.filter { !$0.isBaseline }, combination: settings.combination, settings: settings)
    case .auto: return AutoForecaster(candidates: settings.candidates ?? AutoForecaster.defaultCandidates, settings: settings)
    case .ets: return AutoETS()
    case .arima: return AutoARIMA()
    case .fixedArima: return settings.arima ?? ARIMA()
    case .theta: return AutoTheta()
    case .naive: return BaselineForecaster(.naive)
    case .seasonalNaive: return BaselineForecaster(.seasonalNaive)
    case .drift: return BaselineForecaster(.drift)
    }
  }

  /// The method called `name` (`auto-arima` is `arima`).
  /// - Throws: `ModelError.unknownMethod` listing the methods there are.
  public init(named name: String) throws(ModelError) {
    guard let method = ForecastMethod(rawValue: name.lowercased() == "auto-arima" ? "arima" : name.lowercased()) else {
      throw .unknownMethod(name: name, available: Self.allCases.map(\.rawValue))
    }
    self = method
  }

  /// Reads the model directory at `directory`, whatever method wrote it: the old model or the
  /// new one whole when a writer replaces it meanwhile (`AtomicDirectory.read`).
  /// - Throws: `ModelError.modelFile` for a missing, corrupt or unknown model.
  public static func load(from directory: URL) throws -> any Forecaster {
    try AtomicDirectory.read(directory) { try loadOnce(from: directory) }
  }

  private static func loadOnce(from directory: URL) throws -> any Forecaster {
    let name = try ModelDirectory.method(at: directory)
    if name == ModelCollection.methodName {
      throw ModelError.modelFile(
        path: directory.path,
        problem: "holds the models of many series (written by `forecast train --id-column`); name their id column with --id-column to use them, or read them with ModelCollection.load.")
    }
    guard let method = ForecastMethod(rawValue: name) else {
      throw ModelError.modelFile(
        path: directory.appendingPathComponent(ModelDirectory.manifestFileName).path,
        problem: "holds a '\(name)' model, which this build does not know (it knows \(allCases.map(\.rawValue).joined(separator: ", "))). Use a newer swift-forecast.")
    }
    switch method {
    case .tutorial, .lstm, .hybrid: return try NetworkForecaster.load(from: directory)
    case .global: return try GlobalNetwork.load(from: directory)
    case .ets: return try AutoETS.load(from: directory)
    case .arima: return try AutoARIMA.load(from: directory)
    case .fixedArima: return try ARIMA.load(from: directory)
    case .theta: return try AutoTheta.load(from: directory)
    case .ensemble: return try EnsembleForecaster.load(from: directory)
    case .auto: return try AutoForecaster.load(from: directory)
    case .naive, .seasonalNaive, .drift: return try BaselineForecaster.load(from: directory)
    }
  }
}

/// What the configurable methods are made with; nil leaves a method's default.
public struct MethodSettings: Sendable {
  /// The `lstm` network (default `NetworkSettings.recommended`).
  public var network: NetworkSettings?
  /// The `hybrid` network and its base (default `NetworkSettings.hybrid()`, correcting ETS).
  public var hybrid: NetworkSettings?
  /// The `global` network (default `NetworkSettings.global`; a backtest predicts its longest
  /// horizon at once).
  public var global: NetworkSettings?
  /// The members of `ensemble` (default: the classical methods).
  public var members: [ForecastMethod]?
  /// How `ensemble` combines its members.
  public var combination = Combination.mean
  /// The candidates of `auto` (default `AutoForecaster.defaultCandidates`).
  public var candidates: [ForecastMethod]?
  /// The orders of `fixed-arima` (default `ARIMA()`, a mean).
  public var arima: ARIMA?

  /// Every method's defaults.
  public init(network: NetworkSettings? = nil, hybrid: NetworkSettings? = nil, global: NetworkSettings? = nil, members: [ForecastMethod]? = nil,
              combination: Combination = .mean, candidates: [ForecastMethod]? = nil, arima: ARIMA? = nil) {
    self.global = global
    self.arima = arima
    self.network = network
    self.hybrid = hybrid
    self.members = members
    self.combination = combination
    self.candidates = candidates
  }
}
