import Foundation
import ForecastKernels
import ForecastNN
import ForecastSeries

/// The tutorial's workflow, step by step: split, scale on the training part, window, build,
/// train, forecast the test part recursively, and score it beside the baselines.
struct ReferencePipeline {
  /// The series' seasonal period (12 for monthly data; 12 when the frequency is unknown).
  static func period(of series: TimeSeries) -> Int { series.frequency?.seasonalPeriod ?? 12 }

  /// Everything a run produces.
  struct Result {
    var train: TimeSeries
    var test: TimeSeries
    var scaler: MinMaxScaler
    var model: Sequential
    var history: History
    var metadata: ForecastModelMetadata
    /// The model's forecast of the test part, in original units.
    var forecast: [Double]
    /// Each baseline's forecast of the test part.
    var baselines: [(baseline: Baseline, forecast: [Double])]
    /// The model's metrics, then each baseline's.
    var metrics: [(name: String, metrics: ForecastMetrics)]
    var period: Int
    /// Wall time of `fit`.
    var trainingSeconds: Double
  }

  var series: TimeSeries
  var options: TrainingOptions

  /// Trains and forecasts; the model summary and progress lines go to `log` unless the options
  /// are quiet.
  func run(log: (String) -> Void) throws -> Result {
    let needed = options.window + options.testSize + 1
    guard series.count >= needed else {
      throw SeriesError.tooShort(
        "The series has \(series.count) observations, but a window of \(options.window) plus a test size of \(options.testSize) needs at least \(needed). Use a smaller --window or --test-size.")
    }
    let (train, test) = try series.split(testSize: options.testSize)
    var scaler = MinMaxScaler()
    try scaler.fit(train.values)
    let scaledTrain = scaler.transform(train.values)

    let windows = try TimeseriesGenerator(series: scaledTrain, length: options.window).allBatches()
    let x = Tensor(shape: [windows.samples.count, options.window, 1], scalars: windows.samples.flatMap { $0.map { Float($0[0]) } })
    let y = Tensor(shape: [windows.targets.count, 1], scalars: windows.targets.map { Float($0[0]) })

    var model = try Sequential(inputShape: [options.window, 1], layers: options.makeLayers(), seed: options.seed)
    model.compile(optimizer: Adam(learningRate: Float(options.learningRate)), loss: .meanSquaredError)
    if !options.quiet { log(model.summary()) }
    let start = ContinuousClock.now
    let history = try model.fit(
      x, y, options: FitOptions(epochs: options.epochs, batchSize: options.batchSize, seed: options.seed, verbose: !options.quiet),
      log: log)
    let elapsed = ContinuousClock.now - start

    let period = Self.period(of: series)
    let baselines = try Scoring.baselines(after: train.values, horizon: options.testSize, period: period)
    let metadata = ForecastModelMetadata(
      window: options.window, features: 1, scaler: scaler, valueColumn: series.columnNames[0],
      frequency: series.frequency?.alias,
      training: .init(
        cell: options.cell, units: options.units, layers: options.layers, activation: options.activation,
        epochs: options.epochs, batchSize: options.batchSize, learningRate: options.learningRate, seed: options.seed,
        optimizer: "adam", loss: "mean_squared_error", trainingRows: train.count, finalLoss: history.loss.last))
    let forecast = try Scoring.forecast(after: train.values, model: model, metadata: metadata, horizon: options.testSize)
    let metrics = try Scoring.metrics(
      actual: test.values, forecast: forecast, baselines: baselines, training: train.values, period: period)
    return Result(
      train: train, test: test, scaler: scaler, model: model, history: history, metadata: metadata,
      forecast: forecast, baselines: baselines, metrics: metrics, period: period,
      trainingSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }
}
