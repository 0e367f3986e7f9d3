import ForecastKernels
import Testing
@testable import ForecastNN

/// Finite-difference checks of every layer's hand-written backward pass: each analytic gradient
/// against a central difference of the loss, in `Float`, on small models with smooth activations.
@Suite("Finite-difference gradient checks")
struct GradientCheckTests {
  static let models: [(name: String, layers: [any Layer])] = [
    ("Dense linear", [Dense(units: 3), Dense(units: 1)]),
    ("Dense tanh", [Dense(units: 3, activation: .tanh), Dense(units: 1)]),
    ("Dense sigmoid", [Dense(units: 3, activation: .sigmoid), Dense(units: 1)]),
    ("LSTM", [LSTM(units: 3), Dense(units: 1)]),
    ("LSTM stacked", [LSTM(units: 3, returnSequences: true), LSTM(units: 2), Dense(units: 1)]),
    ("LSTM hard sigmoid", [LSTM(units: 3, recurrentActivation: .hardSigmoid), Dense(units: 1)]),
    ("GRU", [GRU(units: 3), Dense(units: 1)]),
    ("GRU stacked", [GRU(units: 3, returnSequences: true), GRU(units: 2), Dense(units: 1)]),
    ("SimpleRNN", [SimpleRNN(units: 3), Dense(units: 1)]),
    ("SimpleRNN stacked", [SimpleRNN(units: 3, returnSequences: true), SimpleRNN(units: 2), Dense(units: 1)]),
    ("Dense on sequences", [GRU(units: 3, returnSequences: true), Dense(units: 2, activation: .tanh), SimpleRNN(units: 2), Dense(units: 1)]),
    // Last, so that the models above keep their seeds (the index). Four units or more: the fused
    // time loop (LSTMSequence).
    ("LSTM fused", [LSTM(units: 5), Dense(units: 1)]),
    ("LSTM fused stacked", [LSTM(units: 6, returnSequences: true), LSTM(units: 4), Dense(units: 1)]),
  ]

  /// The loss, the analytic gradients and their agreement with central differences for the
  /// model at `index`: each |numeric − analytic| within 2e-2 · max(|analytic|, 1e-2).
  static func check(index: Int) throws -> (loss: Float, gradients: [Float], closeness: Closeness) {
    let (name, layers) = models[index]
    let dense = name.hasPrefix("Dense ") && !name.contains("sequences")
    let inputShape = dense ? [4] : [4, 2]
    var model = try Sequential(inputShape: inputShape, layers: layers, seed: UInt64(index))
    var generator = SeededGenerator(seed: 99)
    // Give biases non-zero values too, so their gradients are exercised away from zero.
    model.parameters = model.parameters.map { $0 + Float(generator.nextNormal()) * 0.3 }
    let x = Tensor(shape: [3] + inputShape, scalars: (0..<3 * inputShape.reduce(1, *)).map { _ in Float(generator.nextNormal()) })
    let y = Tensor(shape: [3, 1], scalars: (0..<3).map { _ in Float(generator.nextNormal()) })
    let (loss, analytic) = try model.lossAndGradients(x, y)
    let h: Float = 1e-2
    var numeric: [Float] = []
    for i in model.parameters.indices {
      var plus = model, minus = model
      plus.parameters[i] += h
      minus.parameters[i] -= h
      numeric.append((try plus.lossAndGradients(x, y).loss - minus.lossAndGradients(x, y).loss) / (2 * h))
    }
    return (loss, analytic, Closeness(numeric, analytic, tolerance: 2e-2, floor: 1e-2))
  }

  @Test("analytic gradients match central differences", arguments: 0..<models.count)
  func check(index: Int) throws {
    let (loss, gradients, closeness) = try Self.check(index: index)
    let name = Self.models[index].name
    #expect(loss.isFinite && loss > 0, "\(name): loss \(loss)")
    #expect(gradients.allSatisfy { $0.isFinite } && gradients.contains { $0 != 0 }, "\(name): gradients \(gradients)")
    #expect(closeness.isClose, "\(name): \(closeness)")
  }

  @Test("a NaN injected into tanh fails the SimpleRNN check (regression: it passed with worst 0.0)")
  func injectedNaNIsCaught() throws {
    let index = Self.models.firstIndex { $0.name == "SimpleRNN" }!
    let (loss, gradients, closeness) = try KernelFault.tanhNaN.inject { try Self.check(index: index) }
    #expect(loss.isNaN, "the injected NaN did not reach the loss: \(loss)")
    #expect(gradients.contains { $0.isNaN })
    #expect(!closeness.isClose && closeness.worst.isNaN, "the NaN gradients went unnoticed: \(closeness)")
  }
}
