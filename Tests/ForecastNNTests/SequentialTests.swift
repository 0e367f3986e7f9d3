import Foundation
import ForecastKernels
import Testing
@testable import ForecastNN

@Suite("Sequential")
struct SequentialTests {
  static func referenceModel(seed: UInt64 = 0) throws -> Sequential {
    try Sequential(inputShape: [12, 1], layers: [LSTM(units: 100, activation: .relu), Dense(units: 1)], seed: seed)
  }

  @Test("the reference model has Keras' parameter counts and summary")
  func summary() throws {
    let model = try Self.referenceModel()
    #expect(model.parameterCount == 40_901)
    #expect(model.parameterSpecs[0].map(\.shape) == [[1, 400], [100, 400], [400]])
    let summary = model.summary()
    #expect(summary.contains("│ lstm (LSTM)                     │ (None, 100)            │        40,800 │"))
    #expect(summary.contains("│ dense (Dense)                   │ (None, 1)              │           101 │"))
    #expect(summary.contains(" Total params: 40,901 (159.77 KB)"))
    #expect(summary.contains(" Non-trainable params: 0 (0.00 B)"))
  }

  @Test("GRU and SimpleRNN have Keras' shapes; stacked names count up")
  func shapes() throws {
    let model = try Sequential(
      inputShape: [12, 1],
      layers: [GRU(units: 8, returnSequences: true), SimpleRNN(units: 4, returnSequences: true), GRU(units: 4), Dense(units: 1)],
      seed: 0)
    #expect(model.parameterSpecs.map { $0.map(\.shape) } == [
      [[1, 24], [8, 24], [2, 24]], [[8, 4], [4, 4], [4]], [[4, 12], [4, 12], [2, 12]], [[4, 1], [1]],
    ])
    #expect(model.outputShapes == [[12, 8], [12, 4], [4], [1]])
    #expect(model.layerNames == ["gru", "simple_rnn", "gru_1", "dense"])
    let output = try model.predict(Tensor(shape: [2, 12, 1], scalars: (0..<24).map { Float($0) / 12 }))
    #expect(output.shape == [2, 1] && output.scalars.allSatisfy { $0.isFinite })
    let rnn = try Sequential(inputShape: [5, 3], layers: [SimpleRNN(units: 4), Dense(units: 1)])
    #expect(rnn.parameterSpecs[0].map(\.shape) == [[3, 4], [4, 4], [4]])
    #expect(rnn.layerNames == ["simple_rnn", "dense"])
  }

  @Test("a recurrent layer after a non-sequence output is a clear error")
  func badStack() {
    #expect(throws: NNError.self) {
      try Sequential(inputShape: [12, 1], layers: [LSTM(units: 4), LSTM(units: 2)])
    }
  }

  @Test("the same seed gives identical weights and losses; another seed does not")
  func reproducible() throws {
    let (x, y) = Self.sineWindows()
    func train(seed: UInt64) throws -> (parameters: [Float], history: History) {
      var model = try Sequential(inputShape: [6, 1], layers: [LSTM(units: 8), Dense(units: 1)], seed: seed)
      model.compile(optimizer: Adam(learningRate: 0.01))
      let history = try model.fit(x, y, options: FitOptions(epochs: 2, batchSize: 4, seed: seed, verbose: false))
      return (model.parameters, history)
    }
    let a = try train(seed: 5), b = try train(seed: 5), c = try train(seed: 6)
    #expect(a.parameters == b.parameters && a.history == b.history)
    #expect(a.parameters != c.parameters)
  }

  @Test("fit lowers the loss, records validation loss and prints Keras-style lines")
  func fitLearns() throws {
    let (x, y) = Self.sineWindows()
    var model = try Sequential(inputShape: [6, 1], layers: [GRU(units: 8), Dense(units: 1)], seed: 1)
    model.compile(optimizer: Adam(learningRate: 0.02))
    var lines: [String] = []
    let history = try model.fit(
      x, y, options: FitOptions(epochs: 15, batchSize: 8, validationSplit: 0.25), log: { lines.append($0) })
    #expect(history.loss.count == 15 && history.validationLoss.count == 15)
    #expect(history.loss.last! < history.loss.first! / 4)
    #expect(lines.first == "Epoch 1/15")
    let progress = lines[1]
    #expect(progress.hasPrefix("4/4 ━━━━━━━━━━━━━━━━━━━━ "))
    #expect(progress.contains("/step - loss: ") && progress.contains(" - val_loss: "))
  }

  @Test("parameters and Adam's moments stay on 64-byte boundaries when set, trained and copied", arguments: [false, true])
  func alignedParameters(lstm: Bool) throws {
    func aligned(_ model: Sequential) -> Bool {
      model.parameterBuffer.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) % KernelAlignment.bytes == 0 }
    }
    let (x, y) = Self.sineWindows()
    // An LSTM → Dense trains through the fused step (LSTMDenseTraining), a GRU layer by layer.
    let recurrent: any Layer = lstm ? LSTM(units: 8) : GRU(units: 8)
    var model = try Sequential(inputShape: [6, 1], layers: [recurrent, Dense(units: 1)], seed: 1)
    #expect(aligned(model))
    model.parameters = model.parameters.map { $0 * 0.5 }
    #expect(aligned(model))
    let copy = model
    model.compile(optimizer: Adam(learningRate: 0.02))
    _ = try model.fit(x, y, options: FitOptions(epochs: 2, batchSize: 8), log: { _ in })
    #expect(aligned(model) && aligned(copy) && model.parameters != copy.parameters)
    var adam = try #require(model.optimizer as? Adam)
    adam.withMoments(count: model.parameterCount, step: 1) { m, v, _ in
      #expect(Int(bitPattern: m.baseAddress) % KernelAlignment.bytes == 0)
      #expect(Int(bitPattern: v.baseAddress) % KernelAlignment.bytes == 0)
    }
  }

  @Test("wrong input width or length, and an empty batch, are thrown errors")
  func badInput() throws {
    let model = try Self.referenceModel()
    #expect(throws: NNError.inputShapeMismatch(expected: [12, 1], found: [1, 12, 2])) {
      try model.predict(Tensor(zeros: [1, 12, 2]))
    }
    #expect(throws: NNError.inputShapeMismatch(expected: [12, 1], found: [1, 11, 1])) {
      try model.predict(Tensor(zeros: [1, 11, 1]))
    }
    #expect(throws: NNError.emptyInput("The input batch")) { try model.predict(Tensor(zeros: [0, 12, 1])) }
    let message = NNError.inputShapeMismatch(expected: [12, 1], found: [1, 11, 1]).description
    #expect(message.contains("(1, 11, 1)") && message.contains("(None, 12, 1)"))
  }

  @Test("a loss that becomes infinite stops training with epoch and step, keeping the last good weights")
  func nonFiniteLoss() throws {
    let (x, y) = Self.sineWindows()
    var model = try Sequential(inputShape: [6, 1], layers: [SimpleRNN(units: 4, activation: .relu), Dense(units: 1)], seed: 2)
    model.compile(optimizer: SGD(learningRate: 1e6))
    var lastGood: [Float] = []
    do {
      // One step per call, so the weights before each step can be kept aside.
      for _ in 1...5 {
        lastGood = model.parameters
        try model.fit(x, y, options: FitOptions(epochs: 1, batchSize: 40, shuffle: false, verbose: false))
      }
      Issue.record("training with a learning rate of 1e6 should blow up")
    } catch let error {
      guard case .nonFiniteLoss(let epoch, let step, _) = error else { Issue.record("\(error)"); return }
      #expect(epoch == 1 && step == 1)
      #expect(model.parameters == lastGood)
      #expect(model.parameters.allSatisfy { $0.isFinite })
      #expect(error.description.contains("epoch 1, step 1"))
    }
  }

  /// 40 windows of 6 steps of a sine wave, each with the next value as target.
  static func sineWindows() -> (Tensor, Tensor) {
    let series = (0..<46).map { Float(sin(Double($0) * 0.5)) }
    let x = (0..<40).flatMap { series[$0..<$0 + 6] }
    let y = (0..<40).map { series[$0 + 6] }
    return (Tensor(shape: [40, 6, 1], scalars: x), Tensor(shape: [40, 1], scalars: y))
  }
}
