import ForecastKernels
import Testing
@testable import ForecastNN

/// The inference path (`Predictor`: buffers made once, no tape) against training's forward pass
/// (`Sequential.predict`): the same values, bit for bit, on whichever kernels this process runs
/// (AVX2, or the portable ones with FORECAST_PORTABLE_KERNELS=1).
@Suite("Predictor")
struct PredictorTests {
  /// Models that reach every path: the fused LSTM loop (sums split for a few rows, packed panels
  /// from four, two threads for 130 units), the step-by-step loop (an LSTM of 3 units, GRU,
  /// SimpleRNN), layers that return sequences (all their states kept) before recurrent and
  /// Dense layers, Dense heads with an activation.
  static let models: [(name: String, inputShape: [Int], layers: [any Layer])] = [
    ("LSTM(100, relu) → Dense(1)", [12, 1], [LSTM(units: 100, activation: .relu), Dense(units: 1)]),
    ("LSTM(3) → Dense(2)", [5, 2], [LSTM(units: 3), Dense(units: 2)]),
    ("LSTM(130) → Dense(12)", [6, 1], [LSTM(units: 130), Dense(units: 12)]),
    ("GRU(24) → Dense(3, relu)", [8, 3], [GRU(units: 24), Dense(units: 3, activation: .relu)]),
    ("SimpleRNN(16) → Dense(1)", [7, 1], [SimpleRNN(units: 16), Dense(units: 1)]),
    ("LSTM(16, seq) → GRU(8, seq) → SimpleRNN(8) → Dense(4, tanh) → Dense(1)", [9, 2], [
      LSTM(units: 16, returnSequences: true), GRU(units: 8, returnSequences: true), SimpleRNN(units: 8),
      Dense(units: 4, activation: .tanh), Dense(units: 1),
    ]),
    ("LSTM(8, seq) → Dense(2)", [4, 1], [LSTM(units: 8, returnSequences: true), Dense(units: 2)]),
  ]

  /// Batch sizes of one window, a few rows, packed rows, and more than one batch of 32.
  static let batches = [1, 3, 5, 16, 40]

  static func inputs(_ shape: [Int], samples: Int, seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let count = samples * shape.reduce(1, *)
    return Tensor(shape: [samples] + shape, scalars: (0..<count).map { _ in Float(generator.nextNormal()) })
  }

  @Test("a predictor returns what predict does, bit for bit, for every batch size, reused across calls",
        arguments: models.indices)
  func matchesPredict(model index: Int) throws {
    let (name, shape, layers) = Self.models[index]
    let model = try Sequential(inputShape: shape, layers: layers, seed: UInt64(index))
    let predictor = Predictor(model)
    // Large batches first, so the small ones run in buffers that held other states.
    for (call, samples) in (Self.batches.reversed() + Self.batches).enumerated() {
      let x = Self.inputs(shape, samples: samples, seed: UInt64(100 * index + call))
      let expected = try model.predict(x)
      let ours = try predictor.predict(x)
      #expect(ours.shape == expected.shape)
      let closeness = Closeness(ours.scalars, expected.scalars, tolerance: 0)
      #expect(closeness.isClose, "\(name), \(samples) samples: \(closeness)")
      #expect(expected.scalars.allSatisfy { $0.isFinite }, "\(name), \(samples) samples: predict is not finite")
    }
  }

  @Test("a predictor for one sample at a time matches predict with a batch size of 1", arguments: models.indices)
  func matchesBatchesOfOne(model index: Int) throws {
    let (name, shape, layers) = Self.models[index]
    let model = try Sequential(inputShape: shape, layers: layers, seed: UInt64(index))
    let predictor = Predictor(model, batchSize: 1)
    let x = Self.inputs(shape, samples: 3, seed: UInt64(index))
    let expected = try model.predict(x, batchSize: 1)
    var output = [Float](repeating: .nan, count: expected.count)
    x.withUnsafeBufferPointer { x in output.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) } }
    let closeness = Closeness(output, expected.scalars, tolerance: 0)
    #expect(closeness.isClose, "\(name): \(closeness)")
  }

  @Test("a predictor keeps the weights it was made with and checks its input's shape")
  func snapshotAndShape() throws {
    var model = try Sequential(inputShape: [4, 1], layers: [LSTM(units: 8), Dense(units: 1)], seed: 3)
    let predictor = Predictor(model)
    let x = Self.inputs([4, 1], samples: 2, seed: 9)
    let before = try model.predict(x)
    try model.setWeights([Tensor(repeating: 0.5, shape: [8, 1]), Tensor(zeros: [1])], ofLayer: 1)
    #expect(Closeness(try predictor.predict(x).scalars, before.scalars, tolerance: 0).isClose)
    #expect(throws: NNError.self) { try predictor.predict(Tensor(zeros: [2, 5, 1])) }
    #expect(throws: NNError.self) { try predictor.predict(Tensor(zeros: [0, 4, 1])) }
  }
}
