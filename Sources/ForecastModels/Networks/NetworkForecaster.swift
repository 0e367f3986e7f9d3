import Foundation
import ForecastKernels
import ForecastNN
import ForecastSeries

/// A recurrent network as a forecaster. The default settings are the Keras tutorial's recipe:
/// scale the training part to [0, 1] with a `MinMaxScaler`, cut it into windows as
/// `TimeseriesGenerator` does, fit `LSTM(100, relu) → Dense(1)` with Adam on MSE, then forecast
/// recursively (predict one step, append it to the window, repeat) and scale back.
///
/// `NetworkSettings` changes every part: the cell and its size; the scaling (`level` measures
/// each window from a smoothed level of the logged, deseasonalised series, as Smyl's ES-RNN);
/// direct multi-step output (`outputSteps`); early stopping on the latest windows
/// (`validationSplit`, `patience`); and seed ensembles whose median is the forecast
/// (`ensembleSize`, members trained concurrently).
///
/// `NetworkForecaster.tutorial()` is the tutorial's recipe to the bit (`tutorial`);
/// `init(settings:)` makes any other network (`lstm`, whatever the cell).
public struct NetworkForecaster: Forecaster {
  /// The method name of the tutorial's recipe.
  public static let tutorialMethodName = "tutorial"
  /// The method name of a network with settings of the caller's choosing.
  public static let networkMethodName = "lstm"
  /// The method name of a network that corrects another method (`NetworkSettings.base`).
  public static let hybridMethodName = "hybrid"

  public let methodName: String
  /// The network and its training.
  public let settings: NetworkSettings
  /// Where the model summary and the per-epoch progress lines (of the first ensemble member) go
  /// while fitting; nil for silence.
  public var log: (@Sendable (String) -> Void)?

  /// The trained networks, one per ensemble member; empty before `fit`.
  public internal(set) var members: [Sequential] = []
  /// The loss per epoch of the first member's training.
  public internal(set) var history = History()
  /// Wall time of the last `fit`'s training, in seconds.
  public private(set) var trainingSeconds = 0.0
  public internal(set) var profile: SeriesProfile?
  /// The scaling fitted on the training part.
  var scaling: SeriesScaling?
  public var calibration: ConformalCalibration?
  /// The fitted method a hybrid corrects.
  public internal(set) var baseModel: (any Forecaster)?
  /// The last window of the training part, scaled.
  var lastWindow: [Double] = []
  /// The level after the last training value.
  var lastLevel = 0.0

  /// The Keras tutorial's recipe: `LSTM(100, relu)` over windows of 12 → `Dense(1)`, 5 epochs at
  /// batch size 1, Adam(0.001); `seed` (42 by default) draws the initial weights and the shuffling,
  /// and `window` replaces the 12 where a season is longer (24 hours, 52 weeks).
  public static func tutorial(seed: UInt64 = 42, window: Int = 12) -> NetworkForecaster {
    var settings = NetworkSettings()
    settings.seed = seed
    settings.window = window
    return NetworkForecaster(settings: settings, methodName: tutorialMethodName)
  }

  /// A network with `settings`: `lstm`, or `hybrid` when the settings name a base method.
  public init(settings: NetworkSettings) {
    self.init(settings: settings, methodName: settings.base == nil ? Self.networkMethodName : Self.hybridMethodName)
  }

  init(settings: NetworkSettings, methodName: String) {
    self.settings = settings
    self.methodName = methodName
  }

  /// The first (or only) trained network; nil before `fit`.
  public var model: Sequential? { members.first }

  /// The scaler of a min–max scaled network.
  public var scaler: MinMaxScaler? {
    if case .minMax(let scaler) = scaling { return scaler }
    return nil
  }

  public var isFitted: Bool { !members.isEmpty }

  /// The network, as `LSTM(16, tanh) over windows of 24 → Dense(12), level scaling, median of 3
  /// seeds` (and `correcting ets` for a hybrid).
  public var modelDescription: String? {
    let s = settings
    let cell = ["lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"][s.cell.rawValue] ?? s.cell.rawValue
    var text = "\(s.layers > 1 ? "\(s.layers) × " : "")\(cell)(\(s.units), \(s.activation.rawValue)) over windows of \(s.window) → Dense(\(s.outputSteps)), \(s.scaling.rawValue) scaling"
    if s.ensembleSize > 1 { text += ", median of \(s.ensembleSize) seeds" }
    if let base = s.base { text += ", correcting \(base.rawValue)" }
    return text
  }

  // MARK: Fitting

  /// Trains new networks on `series`.
  /// - Throws: `ModelError.invalidSetting` for settings out of range, `.unsuitableSeries` for a
  ///   series with too few windows, `NNError.nonFiniteLoss` when training diverges.
  public mutating func fit(_ series: TimeSeries) throws {
    try settings.validate()
    let (window, steps) = (settings.window, settings.outputSteps)
    let needed = window + steps + (settings.validationSplit > 0 ? 1 : 0)
    guard series.count >= needed else {
      let validation = settings.validationSplit > 0 ? " and one for validation" : ""
      throw ModelError.unsuitableSeries(
        "The network reads windows of \(window) observations and predicts \(steps) at a time, so it needs at least \(needed) to train on (a full window and its targets\(validation)); the training part has \(series.count). Use a smaller window.")
    }
    try checkMemory(windows: series.count - needed + 1 + (settings.validationSplit > 0 ? 1 : 0))
    var base = settings.base?.makeForecaster()
    try base?.fit(series)
    let scaling = try SeriesScaling(settings.scaling, fitting: series)
    let scaled = scaling.transform(series)
    let levels = scaling.levels(scaled)
    var inputs: [Float] = [], targets: [Float] = []
    var samples = 0
    for start in 0...(series.count - window - steps) {
      let end = start + window - 1, level = levels[end]
      var offsets = [Double](repeating: 0, count: steps)
      if let base {
        // The base method's forecast from the end of this window, with its fitted parameters;
        // windows too early for it to forecast from are left out.
        guard let forecast = try? base.forecast(horizon: steps, after: series[0..<end + 1]) else { continue }
        offsets = zip(forecast.values, forecast.dates).map { scaling.transform($0, on: $1) - level }
      }
      for value in scaled[start...end] { inputs.append(Float(value - level)) }
      for (k, value) in scaled[end + 1...end + steps].enumerated() { targets.append(Float(value - level - offsets[k])) }
      samples += 1
    }
    guard samples >= (settings.validationSplit > 0 ? 2 : 1) else {
      throw ModelError.unsuitableSeries("\(settings.base?.rawValue ?? "The base method") cannot forecast from any window of the training part, so the hybrid has nothing to learn from; give a longer series.")
    }
    let x = Tensor(shape: [samples, window, 1], scalars: inputs)
    let y = Tensor(shape: [samples, steps], scalars: targets)

    let start = ContinuousClock.now
    let trained = try settings.trainEnsemble(x, y, log: log)
    let elapsed = ContinuousClock.now - start
    trainingSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    members = trained.map(\.model)
    history = trained[0].history
    self.scaling = scaling
    lastWindow = Array(scaled.suffix(window))
    lastLevel = levels.last ?? 0
    baseModel = base
    profile = SeriesProfile(series, period: series.seasonalPeriod)
  }

  /// The most 32-bit values training may hold at once (256 MiB, about three times that at the
  /// peak with the copies batches make): the windows and their targets, and the forward and
  /// backward passes of one batch, for every member trained at once.
  static let maximumTrainingValues = 1 << 26

  /// Refuses settings whose training on `windows` windows would hold more than
  /// `maximumTrainingValues` values, before anything is allocated.
  /// - Throws: `ModelError.invalidSetting` with the sizes and what to lower.
  private func checkMemory(windows: Int) throws(ModelError) {
    let s = settings
    // Inputs and targets, then per member a batch's time-major buffers: about 8 of the gate
    // width (4U for an LSTM) per step and sample, per layer.
    let data = windows.multipliedReportingOverflow(by: s.window + s.outputSteps)
    let batch = min(s.batchSize, windows)
    let tape = [s.window, batch, 8 * 4 * s.units, s.layers, min(s.ensembleSize, ProcessInfo.processInfo.activeProcessorCount)]
      .reduce((partialValue: 1, overflow: false)) { product, factor in
        let next = product.partialValue.multipliedReportingOverflow(by: factor)
        return (next.partialValue, product.overflow || next.overflow)
      }
    guard !data.overflow, !tape.overflow, data.partialValue <= Self.maximumTrainingValues - min(tape.partialValue, Self.maximumTrainingValues) else {
      throw .invalidSetting(
        "Training would hold more than \(Self.maximumTrainingValues) values in memory (\(windows) windows of \(s.window) observations, batches of \(batch), \(s.units) units): use a smaller --window, --batch-size or --units.")
    }
  }

  // MARK: Forecasting

  public func forecast(horizon: Int) throws -> ForecastResult {
    guard let scaling, isFitted else { throw ModelError.notFitted(method: methodName) }
    guard let profile, lastWindow.count == settings.window else {
      throw ModelError.unsuitableSeries(
        "This model was saved without the end of its training series (by an earlier version); forecast after a given series instead.")
    }
    let dates = try profile.futureDates(horizon)
    let scaled = try forecastScaled(after: lastWindow, level: lastLevel, horizon: horizon, base: try baseModel?.forecast(horizon: horizon))
    return ForecastResult(dates: dates, values: zip(scaled, dates).map { scaling.inverse($0, on: $1) })
  }

  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    guard let scaling, isFitted else { throw ModelError.notFitted(method: methodName) }
    guard history.count >= settings.window else {
      throw ModelError.unsuitableSeries("The network reads windows of \(settings.window) observations, but the series has \(history.count).")
    }
    let scaled = scaling.transform(history)
    let dates = try SeriesProfile(history, period: history.seasonalPeriod).futureDates(horizon)
    let values = try forecastScaled(
      after: scaled, level: scaling.levels(scaled).last ?? 0, horizon: horizon, base: try baseModel?.forecast(horizon: horizon, after: history))
    return ForecastResult(dates: dates, values: zip(values, dates).map { scaling.inverse($0, on: $1) })
  }

  /// The next `horizon` scaled values after `scaled` whose last level is `level`: each block of
  /// `outputSteps` predictions (the members' median, added to the `base` forecast for a hybrid)
  /// is appended to the window and the level moves through it, until the horizon is covered.
  /// With one step and one member this is the tutorial's recursive loop.
  private func forecastScaled(after scaled: [Double], level: Double, horizon: Int, base: ForecastResult?) throws -> [Double] {
    guard let scaling else { throw ModelError.notFitted(method: methodName) }
    var window = Array(scaled.suffix(settings.window))
    var level = level
    var forecast: [Double] = []
    forecast.reserveCapacity(horizon)
    var networks = EnsemblePrediction(members: members, samples: 1)
    var input = [Float](repeating: 0, count: window.count)
    while forecast.count < horizon {
      for (index, value) in window.enumerated() { input[index] = Float(value - level) }
      networks.predict(input)
      let block = (0..<min(settings.outputSteps, horizon - forecast.count)).map { step in
        let offset = base.map { scaling.transform($0.values[forecast.count + step], on: $0.dates[forecast.count + step]) - level } ?? 0
        return level + offset + networks.median(step)
      }
      forecast += block
      window.append(contentsOf: block)
      window.removeFirst(window.count - input.count)
      for value in block { level = scaling.nextLevel(level, value) }
    }
    return forecast
  }
}
