import Foundation
import ForecastKernels
import ForecastModels
import ForecastNN
import ForecastSeries

extension BenchCommand {
  /// The measurements of `bench --predict`, as the JSON output names them.
  struct PredictMeasurement: Encodable {
    var units: Int, steps: Int, features: Int, batchSize: Int, horizon: Int, rounds: Int
    /// One-step predictions of a batch of windows per second, through `Sequential.predict` and
    /// through a `Predictor`, and whether the two gave the same output, bit for bit.
    var predictPerSecond: Double, predictorPerSecond: Double, identical: Bool
    /// Recursive forecasts of `horizon` steps per second; nil with `--horizon 0`.
    var forecastsPerSecond: Double?
    var peakRSSMiB: Double
    var kernel: String

    enum CodingKeys: String, CodingKey {
      case units, steps, features, horizon, rounds, identical, kernel
      case batchSize = "batch_size"
      case predictPerSecond = "predict_per_second", predictorPerSecond = "predictor_per_second"
      case forecastsPerSecond = "forecasts_per_second", peakRSSMiB = "peak_rss_mib"
    }
  }

  /// `bench --predict`: inference speed of `LSTM(U) → Dense(1)` on a batch of windows of seeded
  /// data, and of a network forecaster's recursive forecast.
  func runPredict() throws {
    var generator = SeededGenerator(seed: seed)
    let count = batchSize * steps * features
    let window = Tensor(shape: [batchSize, steps, features], scalars: (0..<count).map { _ in Float(generator.nextNormal()) })
    let model = try Sequential(inputShape: [steps, features], layers: [LSTM(units: units), Dense(units: 1)], seed: seed)
    // Batches as `predict`'s, so that the two compute the same.
    let predictor = Predictor(model, batchSize: min(batchSize, Predictor.defaultBatchSize))
    var output = [Float](repeating: .nan, count: batchSize)
    let expected = try model.predict(window)
    let predictRate = try Self.rate(rounds: rounds) { _ = try model.predict(window) }
    let predictorRate = try Self.rate(rounds: rounds) {
      window.withUnsafeBufferPointer { x in output.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) } }
    }
    var forecastRate: Double?
    if horizon > 0 {
      var settings = NetworkSettings()
      (settings.units, settings.window, settings.activation, settings.epochs, settings.seed) = (units, steps, .tanh, 1, seed)
      var forecaster = NetworkForecaster(settings: settings)
      try forecaster.fit(try TimeSeries.read(csv: BundledData.milkProductionPath))
      forecastRate = try Self.rate(rounds: rounds) { _ = try forecaster.forecast(horizon: horizon) }
    }
    let m = PredictMeasurement(
      units: units, steps: steps, features: features, batchSize: batchSize, horizon: horizon, rounds: rounds,
      predictPerSecond: predictRate, predictorPerSecond: predictorRate,
      identical: output.map(\.bitPattern) == expected.scalars.map(\.bitPattern), forecastsPerSecond: forecastRate,
      peakRSSMiB: Self.peakResidentMiB(), kernel: GEMM.kernelName)
    switch format {
    case .json:
      try Self.printJSON(m)
    case .table, .csv:
      Console.print("LSTM(\(units)) → Dense(1), \(steps) steps × \(features) features, \(batchSize) window\(batchSize == 1 ? "" : "s") per prediction, GEMM kernel \(m.kernel)")
      var rows = [
        ["one step, Sequential.predict", fixed(m.predictPerSecond, 0), fixed(1e6 / m.predictPerSecond, 1)],
        ["one step, Predictor", fixed(m.predictorPerSecond, 0), fixed(1e6 / m.predictorPerSecond, 1)],
      ]
      if let rate = m.forecastsPerSecond {
        rows.append(["forecast, horizon \(horizon) (milk, 1 epoch)", fixed(rate, 0), fixed(1e6 / rate, 1)])
      }
      Console.print(TextTable(header: ["what", "per second", "µs each"], rows: rows, numericColumns: [1, 2]).description)
      Console.print("Predictor × \(fixed(m.predictorPerSecond / m.predictPerSecond, 2)) Sequential.predict; outputs \(m.identical ? "identical" : "DIFFERENT"); median of \(rounds) rounds; peak RSS \(fixed(m.peakRSSMiB, 1)) MiB")
    }
  }

  /// Calls of `body` per second: the median of `rounds` rounds of about 0.2 s each, after one
  /// warm-up round.
  static func rate(rounds: Int, _ body: () throws -> Void) throws -> Double {
    var rates: [Double] = []
    for round in 0...rounds {
      var calls = 0
      let start = ContinuousClock.now
      var elapsed = 0.0
      repeat {
        try body()
        calls += 1
        elapsed = seconds(ContinuousClock.now - start)
      } while elapsed < 0.2
      if round > 0 { rates.append(Double(calls) / elapsed) }
    }
    return rates.sorted()[rates.count / 2]
  }
}
