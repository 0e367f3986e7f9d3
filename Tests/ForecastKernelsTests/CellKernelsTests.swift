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

  /// Batches of 4 rows or more run 512-bit cell kernels where the processor has AVX-512, fewer
  /// rows the 256-bit ones: comparing a batch with its rows one at a time compares the two.
  @Test("a batch's cells are each row's alone, bit for bit (on AVX-512: 512-bit kernels against 256-bit)", arguments: [(21, 0, 21), (100, 48, 100), (256, 0, 256), (37, 5, 30)])
  func batchRowsMatchSingleRows(units u: Int, from: Int, to: Int) {
    let rows = 5
    var generator = SeededGenerator(seed: UInt64(u + from))
    // Among the normal values, every 13th of the inputs is special: NaN, ±∞, −0, subnormal or
    // beyond exp's clamps, so NaN must pass through both kernels alike.
    let special: [Float] = [.nan, .infinity, -.infinity, -0.0, 1e-40, -1e-40, 95, -95, 0.625, -0.625]
    var count = 0
    /// Row-major buffers of `rows` rows: the inputs random, the outputs zero.
    func buffer(_ width: Int, random: Bool) -> UnsafeMutablePointer<Float> {
      let p = UnsafeMutablePointer<Float>.allocate(capacity: rows * width)
      for k in 0..<rows * width {
        count += 1
        p[k] = !random ? 0 : count % 13 == 0 ? special[(count / 13) % special.count] : Float(generator.nextNormal() * 2.5)
      }
      return p
    }
    for (activation, recurrent) in Self.activations {
      let (x, r, cPrev, dh, dcStart) = (buffer(4 * u, random: true), buffer(4 * u, random: true), buffer(u, random: true),
                                        buffer(u, random: true), buffer(u, random: true))
      // [batch, one row at a time] of c, h, tape, dc, dz.
      let outputs = (0..<2).map { _ in (buffer(u, random: false), buffer(u, random: false), buffer(5 * u, random: false),
                                        buffer(u, random: false), buffer(4 * u, random: false)) }
      defer { for p in [x, r, cPrev, dh, dcStart] + outputs.flatMap({ [$0.0, $0.1, $0.2, $0.3, $0.4] }) { p.deallocate() } }
      for (index, (c, h, tape, dc, dz)) in outputs.enumerated() {
        dc.update(from: dcStart, count: rows * u)
        for (first, count) in index == 0 ? [(0, rows)] : (0..<rows).map({ ($0, 1) }) {
          CellKernels.lstmForward(
            units: u, from: from, to: to, rows: count, x: x + first * 4 * u, r: r + first * 4 * u,
            cPrev: cPrev + first * u, c: c + first * u, h: h + first * u, tape: tape + first * 5 * u,
            activation: activation, recurrentActivation: recurrent)
          CellKernels.lstmBackward(
            units: u, from: from, to: to, rows: count, tape: tape + first * 5 * u, cPrev: cPrev + first * u,
            dh: dh + first * u, dc: dc + first * u, dz: dz + first * 4 * u, activation: activation, recurrentActivation: recurrent)
        }
      }
      func values(_ o: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                        UnsafeMutablePointer<Float>)) -> [Float] {
        [(o.0, u), (o.1, u), (o.2, 5 * u), (o.3, u), (o.4, 4 * u)].flatMap { Array(UnsafeBufferPointer(start: $0.0, count: rows * $0.1)) }
      }
      let (batch, single) = (values(outputs[0]), values(outputs[1]))
      #expect(batch.contains { $0.isNaN } && batch.contains { $0.isFinite }, "\(activation)/\(recurrent): no NaN, or nothing finite")
      // Any two NaNs are equal (which NaN passes where two meet may differ: see vector_ops_avx512.h).
      let firstDifference = batch.indices.first {
        batch[$0].bitPattern != single[$0].bitPattern && !(batch[$0].isNaN && single[$0].isNaN)
      }
      #expect(firstDifference == nil, "\(activation)/\(recurrent), units \(from)..<\(to) of \(u): first difference at \(firstDifference ?? -1)")
    }
  }
}
