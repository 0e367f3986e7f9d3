import Foundation
import ForecastKernels
import ForecastNN
import ForecastSeries

/// A recurrent network as a forecaster, trained the way the Keras tutorial trains one: scale the
/// training part to [0, 1] with a `MinMaxScaler`, cut it into windows with `TimeseriesGenerator`,
/// fit a recurrent stack → `Dense(1)` with Adam on MSE, then forecast recursively (predict one
/// step, append it to the window, repeat) and scale back.
///
/// `NetworkForecaster.tutorial()` is the tutorial's recipe to the bit (`tutorial`); `init(settings:)`
/// makes the same pipeline with other settings (`lstm`, whatever the cell).
public struct NetworkForecaster: Forecaster {
  /// The method name of the tutorial's recipe.
  public static let tutorialMethodName = "tutorial"
  /// The method name of a network with settings of the caller's choosing.
  public static let networkMethodName = "lstm"

  public let methodName: String
  /// The network and its training.
  public let settings: NetworkSettings
  /// Where the model summary and the per-epoch progress lines go while fitting; nil for silence.
  public var log: (@Sendable (String) -> Void)?

  /// The trained network; nil before `fit`.
  public private(set) var model: Sequential?
  /// The scaler fitted on the training part.
  public private(set) var scaler = MinMaxScaler()
  /// The loss per epoch of the last `fit`.
  public private(set) var history = History()
  /// Wall time of the last `fit`'s training, in seconds.
  public private(set) var trainingSeconds = 0.0
  /// What it was fitted on.
  public private(set) var profile: SeriesProfile?
  /// The last window of the training part, scaled.
  private var lastWindow: [Double] = []

  /// The Keras tutorial's recipe: `LSTM(100, relu)` over windows of 12 → `Dense(1)`, 5 epochs at
  /// batch size 1, Adam(0.001); `seed` (42 by default) draws the initial weights and the shuffling.
  public static func tutorial(seed: UInt64 = 42) -> NetworkForecaster {
    var settings = NetworkSettings()
    settings.seed = seed
    return NetworkForecaster(settings: settings, methodName: tutorialMethodName)
  }

  /// A network with `settings`.
  public init(settings: NetworkSettings) {
    self.init(settings: settings, methodName: Self.networkMethodName)
  }

  private init(settings: NetworkSettings, methodName: String) {
    self.settings = settings
    self.methodName = methodName
  }

  public var isFitted: Bool { model != nil }

  /// Trains a new network on `series`.
  /// - Throws: `ModelError.invalidSetting` for settings out of range,
  ///   `.unsuitableSeries` for a series with no full window and target, `NNError.nonFiniteLoss`
  ///   when training diverges.
  public mutating func fit(_ series: TimeSeries) throws {
    try settings.validate()
    let window = settings.window
    guard series.count > window else {
      throw ModelError.unsuitableSeries(
        "The network reads windows of \(window) observations, so it needs at least \(window + 1) to train on; the training part has \(series.count). Use a smaller window.")
    }
    var scaler = MinMaxScaler()
    try scaler.fit(series.values)
    let scaled = scaler.transform(series.values)
    let windows = try TimeseriesGenerator(series: scaled, length: window).allBatches()
    let x = Tensor(shape: [windows.samples.count, window, 1], scalars: windows.samples.flatMap { $0.map { Float($0[0]) } })
    let y = Tensor(shape: [windows.targets.count, 1], scalars: windows.targets.map { Float($0[0]) })

    var network = try Sequential(inputShape: [window, 1], layers: settings.makeLayers(), seed: settings.seed)
    network.compile(optimizer: Adam(learningRate: Float(settings.learningRate)), loss: .meanSquaredError)
    let log = self.log
    log?(network.summary())
    let start = ContinuousClock.now
    history = try network.fit(
      x, y, options: FitOptions(epochs: settings.epochs, batchSize: settings.batchSize, seed: settings.seed, verbose: log != nil),
      log: { log?($0) })
    let elapsed = ContinuousClock.now - start
    trainingSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    model = network
    self.scaler = scaler
    lastWindow = Array(scaled.suffix(window))
    profile = SeriesProfile(series, period: series.seasonalPeriod)
  }

  public func forecast(horizon: Int) throws -> ForecastResult {
    guard let model else { throw ModelError.notFitted(method: methodName) }
    guard let profile, lastWindow.count == settings.window else {
      throw ModelError.unsuitableSeries(
        "This model was saved without the end of its training series (by an earlier version); forecast after a given series instead.")
    }
    let values = try forecast(model, scaledHistory: lastWindow, horizon: horizon)
    return ForecastResult(dates: try profile.futureDates(horizon), values: values)
  }

  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    guard let model else { throw ModelError.notFitted(method: methodName) }
    guard history.count >= settings.window else {
      throw ModelError.unsuitableSeries("The network reads windows of \(settings.window) observations, but the series has \(history.count).")
    }
    let values = try forecast(model, scaledHistory: scaler.transform(history.values), horizon: horizon)
    return ForecastResult(dates: try SeriesProfile(history, period: history.seasonalPeriod).futureDates(horizon), values: values)
  }

  /// The tutorial's recursive loop on scaled values, in original units.
  private func forecast(_ model: Sequential, scaledHistory: [Double], horizon: Int) throws -> [Double] {
    let scaled = try Forecasting.recursive(OneStep(model: model, window: settings.window), history: scaledHistory, horizon: horizon)
    return scaler.inverseTransform(scaled)
  }

  /// The network as a one-step forecaster of scaled values.
  private struct OneStep: OneStepForecaster {
    let model: Sequential
    let window: Int

    func predictNext(_ window: [Double]) throws -> Double {
      let input = Tensor(shape: [1, window.count, 1], scalars: window.map { Float($0) })
      return Double(try model.predict(input).scalars[0])
    }
  }
}

// MARK: - Model directory

extension NetworkForecaster {
  /// The metadata saved beside the architecture.
  var metadata: NetworkMetadata? {
    guard let profile else { return nil }
    let s = settings
    return NetworkMetadata(
      method: methodName, window: s.window, features: 1, scaler: scaler, valueColumn: profile.valueColumn,
      frequency: profile.frequency, period: profile.period, lastDate: DateParsing.format(profile.lastDate), lastWindow: lastWindow,
      training: .init(
        cell: s.cell, units: s.units, layers: s.layers, activation: s.activation, epochs: s.epochs, batchSize: s.batchSize,
        learningRate: s.learningRate, seed: s.seed, optimizer: "adam", loss: "mean_squared_error",
        trainingRows: profile.count, finalLoss: history.loss.last))
  }

  /// Writes `model.json` and `weights.safetensors`.
  public func save(to directory: URL) throws {
    guard let model, let metadata else { throw ModelError.notFitted(method: methodName) }
    try ModelDirectory.write(to: directory) { folder in try model.save(to: folder, metadata: metadata) }
  }

  /// Reads a network's model directory (also one of format version 1, which holds the tutorial).
  public static func load(from directory: URL) throws -> NetworkForecaster {
    _ = try ModelDirectory.method(at: directory)
    let (model, metadata) = try Sequential.load(from: directory, metadata: NetworkMetadata.self)
    guard model.inputShape == [metadata.window, metadata.features], metadata.features == 1 else {
      throw ModelError.modelFile(
        path: directory.appendingPathComponent(ModelDirectory.manifestFileName).path,
        problem: "has input shape \(model.inputShape), which does not match window \(metadata.window) and \(metadata.features) feature(s).")
    }
    var forecaster = NetworkForecaster(settings: metadata.settings, methodName: metadata.method ?? tutorialMethodName)
    forecaster.model = model
    forecaster.scaler = metadata.scaler
    forecaster.profile = metadata.profile
    forecaster.lastWindow = metadata.lastWindow ?? []
    if let loss = metadata.training.finalLoss { forecaster.history.loss = [loss] }
    return forecaster
  }
}
