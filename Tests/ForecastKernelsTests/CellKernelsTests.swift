import ForecastKernels
import Testing

@Suite("Cell kernels")
struct CellKernelsTests {
  static let activations: [(Activation, Activation)] = [(.tanh, .sigmoid), (.relu, .sigmoid), (.tanh, .hardSigmoid), (.linear, .sigmoid)]

  /// Units that cover whole vectors, a tail, and fewer than one vector.
  @Test("the fused LSTM step matches its plain twin, forward and backward", arguments: [3, 16, 21, 100])
  func lstm(units u: Int) {
    var generator = SeededGenerator(seed: UInt64(u))
    func random(_ count: Int, scale: Double = 1.5) -> [Float] { (0..<count).map { _ in Float(generator.nextNormal() * scale) } }
    for (activation, recurrent) in Self.activations {
      let x = random(4 * u), r = random(4 * u), cPrev = random(u), dh = random(u), dcStart = random(u)
      var (c1, h1, tape1) = ([Float](repeating: 0, count: u), [Float](repeating: 0, count: u), [Float](repeating: 0, count: 5 * u))
      var (c2, h2, tape2) = (c1, h1, tape1)
      CellKernels.lstmForward(units: u, x: x, r: r, cPrev: cPrev, c: &c1, h: &h1, tape: &tape1, activation: activation, recurrentActivation: recurrent)
      CellKernels.referenceLSTMForward(units: u, x: x, r: r, cPrev: cPrev, c: &c2, h: &h2, tape: &tape2, activation: activation, recurrentActivation: recurrent)
      #expect((c1 + h1 + tape1).allSatisfy { $0.isFinite }, "\(activation)/\(recurrent) forward is not finite")
      let forward = Closeness(c1 + h1 + tape1, c2 + h2 + tape2, tolerance: 1e-6)
      #expect(forward.isClose, "\(activation)/\(recurrent) forward: \(forward)")

      var (dc1, dz1) = (dcStart, [Float](repeating: 0, count: 4 * u))
      var (dc2, dz2) = (dcStart, dz1)
      CellKernels.lstmBackward(units: u, tape: tape2, cPrev: cPrev, dh: dh, dc: &dc1, dz: &dz1, activation: activation, recurrentActivation: recurrent)
      CellKernels.referenceLSTMBackward(units: u, tape: tape2, cPrev: cPrev, dh: dh, dc: &dc2, dz: &dz2, activation: activation, recurrentActivation: recurrent)
      #expect((dc1 + dz1).allSatisfy { $0.isFinite }, "\(activation)/\(recurrent) backward is not finite")
      #expect(dc1 == dc2 && dz1 == dz2, "\(activation)/\(recurrent) backward")
    }
  }
}
