import ForecastKernels
import Testing
@testable import ForecastNN

/// The LSTM's fused time loop (`LSTMSequence`, one kernel call per pass) against its plain twin,
/// the step-by-step loop of `RecurrentLayer` (one GEMM and one cell call per step), which a tape
/// made without a sequence runs: the two must agree bit for bit — the tutorial's numbers depend
/// on it.
@Suite("LSTM time loop")
struct LSTMTimeLoopTests {
  /// Units, batch rows and steps that reach every path of the fused loop: one thread and two
  /// (from `LSTMSequence.twoThreadThreshold` on; the worker takes part only on a quiet machine or
  /// with FORECAST_PARALLEL=always), sums split in two (a few rows and a long k: U 100 with B 1
  /// and 3, U 512 with B 1), packed panels (B ≥ 4), halves on and off a vector boundary, a single
  /// step.
  static let shapes: [(units: Int, batch: Int, steps: Int)] = [
    (4, 1, 1), (7, 3, 5), (16, 1, 12), (16, 16, 24), (33, 3, 5), (33, 5, 3), (64, 16, 12), (100, 1, 12), (100, 3, 4),
    (100, 8, 3), (128, 16, 3), (130, 16, 2), (512, 1, 2),
  ]

  /// Output, input gradient and parameter gradients of `layer` on seeded data (with a NaN in the
  /// input when `poisoned`), through the fused loop (`stepByStep` false; with `alone`, its
  /// `onOneThread` form) or the step-by-step loop; and whether the fused loop ran on two threads.
  static func pass(
    _ layer: LSTM, batch: Int, steps: Int, features: Int, stepByStep: Bool, alone: Bool = false, poisoned: Bool = false
  ) -> (values: [Float], twoThreads: Bool) {
    var generator = SeededGenerator(seed: UInt64(layer.units * 1000 + batch * 10 + steps))
    func random(_ count: Int, scale: Double) -> [Float] { (0..<count).map { _ in Float(generator.nextNormal() * scale) } }
    let specs = layer.parameterSpecs(for: [steps, features])
    let parameters = specs.map { spec in
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: spec.count)
      _ = buffer.initialize(from: random(spec.count, scale: 0.4))
      return buffer
    }
    let gradients = specs.map { UnsafeMutableBufferPointer<Float>.allocate(capacity: $0.count) }
    defer { for buffer in parameters + gradients { buffer.deallocate() } }
    for buffer in gradients { buffer.initialize(repeating: .nan) }
    let view = ParameterView(buffers: parameters.map { UnsafeBufferPointer($0) })
    var input = random(batch * steps * features, scale: 1)
    if poisoned { input[input.count / 2] = .nan }
    let x = Tensor(shape: [batch, steps, features], scalars: input)
    let outputShape = layer.returnSequences ? [batch, steps, layer.units] : [batch, layer.units]
    let outputGradient = Tensor(shape: outputShape, scalars: random(outputShape.reduce(1, *), scale: 1))
    let recycled: LSTM.Tape? =
      stepByStep || alone
      ? LSTM.Tape(
        batch: batch, steps: steps, features: features, units: layer.units,
        sequence: stepByStep ? nil : layer.fusedSequence(batch: batch, steps: steps)?.onOneThread)
      : nil

    let (output, tape) = layer.forward(x, parameters: view, recycling: recycled)
    let inputGradient = layer.backward(
      outputGradient, tape: tape, parameters: view, gradients: GradientView(buffers: gradients), needsInputGradient: true)
    let sequence = (tape as! LSTM.Tape).sequence
    #expect((sequence == nil) == stepByStep, "the \(stepByStep ? "step-by-step" : "fused") loop did not run")
    return (output.scalars + inputGradient.scalars + gradients.flatMap { Array($0) }, sequence?.threads == 2)
  }

  @Test("the fused loop computes what the step-by-step loop does, bit for bit, forward and backward, on two threads and alone on one",
        arguments: shapes.indices, [false, true])
  func matchesSteps(shape: Int, returnSequences: Bool) {
    let (units, batch, steps) = Self.shapes[shape]
    let layer = LSTM(units: units, returnSequences: returnSequences)
    let fused = Self.pass(layer, batch: batch, steps: steps, features: 3, stepByStep: false)
    let alone = Self.pass(layer, batch: batch, steps: steps, features: 3, stepByStep: false, alone: true)
    let plain = Self.pass(layer, batch: batch, steps: steps, features: 3, stepByStep: true)
    #expect(fused.values.allSatisfy { $0.isFinite }, "U \(units), B \(batch), T \(steps): not finite")
    // `==` on arrays is false for any NaN, so a NaN fails the check.
    #expect(fused.values == plain.values, "U \(units), B \(batch), T \(steps): the loops differ")
    #expect(alone.values == plain.values, "U \(units), B \(batch), T \(steps): the loop alone differs")
  }

  @Test("the shapes reach two threads, and a NaN fails the comparison")
  func coverageAndNaN() {
    let twoThreads = Self.shapes.filter { shape in
      Self.pass(LSTM(units: shape.units), batch: shape.batch, steps: shape.steps, features: 3, stepByStep: false).twoThreads
    }
    #expect(twoThreads.count >= 3, "only \(twoThreads) run on two threads")
    let layer = LSTM(units: 100)
    let fused = Self.pass(layer, batch: 1, steps: 12, features: 3, stepByStep: false, poisoned: true).values
    let plain = Self.pass(layer, batch: 1, steps: 12, features: 3, stepByStep: true, poisoned: true).values
    #expect(fused.contains { $0.isNaN } && plain.contains { $0.isNaN }, "the NaN did not reach the values")
    #expect(fused != plain, "equal arrays despite NaN: the bit-for-bit check would not fail on NaN")
  }
}
