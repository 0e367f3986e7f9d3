import Foundation
import ForecastKernels
import ForecastNN
import ForecastSeries

/// One recurrent network trained across many series — a global model, as neuralforecast's
/// models fitted on a data frame of many `unique_id`s, and as the M4 winner, Smyl's ES-RNN,
/// trained one network over the series of a frequency.
///
/// Each series is normalised by itself (`LevelScaling`, fitted on its training part only: logs
/// when positive, its seasonal indices removed, every window measured from the smoothed level at
/// its end), so a network sees shapes, not scales, and learns from the windows of every series at
/// once. When the series' seasonal periods differ, each time step also carries the one-hot of its
/// series' period. The network predicts `outputSteps` values at once (set it to the longest
/// horizon; shorter horizons are cut, longer ones are forecast block after block), stops early on
/// the latest windows of every series, and the forecast is the median of `ensembleSize` seeds.
///
/// ```swift
/// var global = GlobalNetwork()
/// try global.fit(series)                          // [NamedSeries], training parts only
/// let forecasts = try global.forecast(horizons: ["a": 12, "b": 8])
/// ```
///
/// As a `Forecaster` (`--method global`) it is fitted on one series: a network over that series'
/// windows alone.
public struct GlobalNetwork: Forecaster {
  public var methodName: String { ForecastMethod.global.rawValue }
  /// The network and its training; `scaling` is `level` or `box-cox-level`, and there is no base.
  public let settings: NetworkSettings
  /// Where the model summary and the per-epoch progress lines (of the first ensemble member) go
  /// while fitting; nil for silence.
  public var log: (@Sendable (String) -> Void)?

  /// The trained networks, one per ensemble member; empty before `fit`.
  public internal(set) var members: [Sequential] = []
  /// The loss per epoch of the first member's training.
  public internal(set) var history = History()
  /// Wall time of the last `fit`'s training, in seconds.
  public internal(set) var trainingSeconds = 0.0
  /// The seasonal periods of the series fitted on, ascending; with more than one, each input
  /// step carries the one-hot of its series' period among them.
  public internal(set) var periods: [Int] = []
  /// The series fitted on, in the order given.
  var series: [NormalisedSeries] = []
  public var calibration: ConformalCalibration?

  /// A global network with `settings` (by default `NetworkSettings.global`).
  public init(settings: NetworkSettings = .global) {
    self.settings = settings
  }

  /// The ids of the series fitted on, in the order given.
  public var ids: [String] { series.map(\.id) }

  public var isFitted: Bool { !members.isEmpty }

  /// The profile of the series when the network was fitted on exactly one (as a `Forecaster`).
  public var profile: SeriesProfile? { series.count == 1 ? series[0].profile : nil }

  /// The network, as `LSTM(16, tanh) over windows of 24 → Dense(12), level scaling, median of 3
  /// seeds, one network over 68 series of periods 4, 12`.
  public var modelDescription: String? {
    let s = settings
    let cell = ["lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"][s.cell.rawValue] ?? s.cell.rawValue
    var text = "\(s.layers > 1 ? "\(s.layers) × " : "")\(cell)(\(s.units), \(s.activation.rawValue)) over windows of \(s.window) → Dense(\(s.outputSteps)), \(s.scaling.rawValue) scaling"
    if s.ensembleSize > 1 { text += ", median of \(s.ensembleSize) seeds" }
    if !series.isEmpty {
      text += ", one network over \(series.count) series of period\(periods.count == 1 ? "" : "s") \(periods.map(String.init).joined(separator: ", "))"
    }
    return text
  }

  // MARK: Fitting

  /// Observations a series needs for the network to train on it with `settings`: a window and
  /// its targets, and one more window to validate on when there is a validation split.
  public static func minimumLength(_ settings: NetworkSettings) -> Int {
    settings.window + settings.outputSteps + (settings.validationSplit > 0 ? 1 : 0)
  }

  /// Checks that `settings` describe a global network.
  /// - Throws: `ModelError.invalidSetting` for a setting out of range, a scaling other than
  ///   `level` or `box-cox-level`, or a base method.
  public static func validate(_ settings: NetworkSettings) throws(ModelError) {
    try settings.validate()
    guard settings.scaling == .level || settings.scaling == .boxCoxLevel else {
      throw .invalidSetting(
        "A global network normalises each series by its own level (scaling level or box-cox-level), received '\(settings.scaling.rawValue)'.")
    }
    guard settings.base == nil else {
      throw .invalidSetting("A global network corrects no base method, received '\(settings.base?.rawValue ?? "")'; use --method hybrid for that.")
    }
  }

  /// Checks that `series` is long enough to train on with `settings` (`minimumLength`).
  /// - Throws: `ModelError.unsuitableSeries` naming the series, its length and what it needs.
  public static func checkLength(_ series: NamedSeries, settings: NetworkSettings) throws(ModelError) {
    let needed = minimumLength(settings)
    guard series.series.count >= needed else {
      let validation = settings.validationSplit > 0 ? " and one more to validate on" : ""
      throw .unsuitableSeries(
        "The global network reads windows of \(settings.window) observations and predicts \(settings.outputSteps) at a time, so each series needs at least \(needed) (a window, its targets\(validation)); '\(series.id)' has \(series.series.count). Leave it out, or use a smaller window or fewer output steps.")
    }
  }

  /// Trains new networks on the windows of all of `series` (their training parts), each
  /// normalised by itself; replaces anything fitted before.
  /// - Throws: `ModelError.unsuitableSeries` for an empty list, a repeated id or a series shorter
  ///   than `minimumLength`; `.invalidSetting` for settings out of range (`validate`) or more
  ///   windows than memory holds; `NNError.nonFiniteLoss` when training diverges.
  public mutating func fit(_ series: [NamedSeries]) throws {
    try Self.validate(settings)
    guard !series.isEmpty else {
      throw ModelError.unsuitableSeries("A global network is fitted on many series, but the list is empty; give at least one series.")
    }
    var seen = Set<String>()
    for named in series {
      guard seen.insert(named.id).inserted else {
        throw ModelError.unsuitableSeries("The series id '\(named.id)' appears twice; every series needs its own id.")
      }
      try Self.checkLength(named, settings: settings)
    }
    let periods = Set(series.map(\.series.seasonalPeriod)).sorted()
    try checkMemory(series, features: GlobalWindows.features(periods: periods))
    let normalised = try series.map { named throws(ModelError) in
      try NormalisedSeries.fitting(named, window: settings.window, boxCox: settings.scaling == .boxCoxLevel)
    }
    let windows = GlobalWindows(normalised, periods: periods, settings: settings)
    let start = ContinuousClock.now
    let trained = try settings.trainEnsemble(windows.x, windows.y, validation: windows.validation, log: log)
    let elapsed = ContinuousClock.now - start
    trainingSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    members = trained.map(\.model)
    history = trained[0].history
    self.periods = periods
    self.series = normalised.map(\.series)
  }

  /// Refuses to cut more windows from `series` than fit in `NetworkForecaster.maximumTrainingValues`
  /// values (inputs of `features` per step and targets), before anything is allocated.
  /// - Throws: `ModelError.invalidSetting` with the sizes and what to do.
  private func checkMemory(_ series: [NamedSeries], features: Int) throws(ModelError) {
    let windows = series.reduce(0) { $0 + $1.series.count - settings.window - settings.outputSteps + 1 }
    let perWindow = settings.window * features + settings.outputSteps
    guard windows <= NetworkForecaster.maximumTrainingValues / perWindow else {
      throw .invalidSetting(
        "One global network over these \(series.count) series would train on \(windows) windows of \(perWindow) values, more than the \(NetworkForecaster.maximumTrainingValues) held in memory at once: fit it on fewer series (shard them) or use a smaller window.")
    }
  }

  /// Trains on `series` alone (a global network over one series), named by its value column.
  /// - Throws: as `fit(_:)` for a list.
  public mutating func fit(_ series: TimeSeries) throws {
    try fit([NamedSeries(id: series.columnNames.first ?? "value", series: series)])
  }
}
