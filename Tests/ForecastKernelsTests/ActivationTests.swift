import Foundation
import ForecastKernels
import Testing

@Suite("Activations")
struct ActivationTests {
  /// The kernel's output for `values`, through `Activation.apply` (vectorised on AVX2 machines).
  static func kernel(_ activation: Activation, _ values: [Float]) -> [Float] {
    var out = values
    out.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
    return out
  }

  /// The exact value in Double precision, the reference of the ulp measurements.
  static func exact(_ activation: Activation, _ x: Float) -> Double {
    let x = Double(x)
    switch activation {
    case .linear: return x
    case .relu: return x < 0 ? 0 : x
    case .tanh: return Foundation.tanh(x)
    case .sigmoid: return 1 / (1 + Foundation.exp(-x))
    case .hardSigmoid: return Swift.min(Swift.max(x + 3, 0), 6) / 6
    }
  }

  /// Every 2¹¹-th float from 0 to `limit`, both signs: about half a million points per sign
  /// below 10, all binades (subnormals included) equally dense.
  static func sweep(through limit: Float, stride: UInt32 = 1 << 11) -> [Float] {
    let positive = Swift.stride(from: UInt32(0), through: limit.bitPattern, by: Int(stride)).map { Float(bitPattern: $0) }
    return positive + positive.map { -$0 }
  }

  /// The worst error in ulp of the kernel against the exact value over `values`.
  static func worstULP(_ activation: Activation, _ values: [Float]) -> (ulp: Double, at: Float) {
    let out = kernel(activation, values)
    var worst = (ulp: 0.0, at: Float(0))
    for (x, y) in zip(values, out) {
      let distance = ulpDistance(y, exact(activation, x))
      if !(distance <= worst.ulp) { worst = (distance, x) }  // NaN replaces the worst, and stays
      if worst.ulp.isNaN { break }
    }
    return worst
  }

  /// The documented worst errors (see `Activation`), the larger of the two kernels', rounded up
  /// to a half ulp: tanh 1.36 (AVX2) and 2.19 (libm); sigmoid 3.19 (AVX2) and 2.48 (libm).
  static let ulpBounds: [Activation: Double] = [.linear: 0, .relu: 0, .hardSigmoid: 1, .tanh: 2.5, .sigmoid: 3.5]

  @Test("tanh is accurate to its documented ulp at 0, subnormals, 1e-8, 1e-4, 0.01 and over the whole range")
  func tanhULP() {
    let special: [Float] = [
      0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude / 3, .leastNormalMagnitude,
      1e-8, -1e-8, 1e-4, -1e-4, 0.01, -0.01, 0.3, 0.6249, 0.625, 0.6251, 1, 2.5, 8.99, 9, 9.01, 20, 1e30, .infinity,
    ]
    let worstSpecial = Self.worstULP(.tanh, special)
    // Measured: 0.66 ulp on the AVX2 kernels, 1.15 with libm (the review found 2,280 at 1e-4).
    #expect(worstSpecial.ulp <= 1.5, "tanh at special points: \(worstSpecial.ulp) ulp at \(worstSpecial.at)")
    // Signs and subnormals exactly.
    let out = Self.kernel(.tanh, [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude])
    #expect(out.map(\.bitPattern) == [Float(0), -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude].map(\.bitPattern))
    let worst = Self.worstULP(.tanh, Self.sweep(through: 12))
    #expect(worst.ulp <= Self.ulpBounds[.tanh]!, "tanh: \(worst.ulp) ulp at \(worst.at) (\(GEMM.kernelName))")
  }

  @Test("sigmoid, relu and hard sigmoid are within their documented ulp over the whole range")
  func otherULP() {
    for activation in [Activation.sigmoid, .relu, .hardSigmoid, .linear] {
      // Sigmoid below −87.3 is subnormal, its exponent clamped by the vector kernel: checked apart.
      let values = Self.sweep(through: 100).filter { activation != .sigmoid || $0 >= -87 }
      let worst = Self.worstULP(activation, values)
      #expect(worst.ulp <= Self.ulpBounds[activation]!, "\(activation): \(worst.ulp) ulp at \(worst.at) (\(GEMM.kernelName))")
    }
    let deep = Self.sweep(through: 200).filter { $0 < -87 }
    let out = Self.kernel(.sigmoid, deep)
    #expect(zip(deep, out).allSatisfy { x, y in y >= 0 && abs(Double(y) - Self.exact(.sigmoid, x)) < Double(Float.leastNormalMagnitude) })
  }

  @Test("NaN in gives NaN out, and infinities saturate, for every activation", arguments: Activation.allCases)
  func nonFinite(activation: Activation) {
    // Sixteen NaNs fill two whole vectors; the ninth value also goes through the scalar tail.
    let values: [Float] = Array(repeating: .nan, count: 16) + [.nan, .infinity, -.infinity]
    let out = Self.kernel(activation, values)
    #expect(out[0..<17].allSatisfy { $0.isNaN }, "\(activation): \(out)")
    #expect(activation(.nan).isNaN)
    let expected: [Float] = [.infinity, -.infinity].map { activation($0) }
    #expect(Array(out[17...]) == expected, "\(activation): \(out[17...]) vs \(expected)")
  }

  @Test("derivative from the output matches a central difference", arguments: Activation.allCases)
  func derivative(activation: Activation) {
    var xs: [Double] = [], numeric: [Double] = [], analytic: [Double] = []
    for x in stride(from: -4.0, through: 4.0, by: 0.37) {
      // Keep away from kinks (relu at 0, hard sigmoid at ±3).
      if [0.0, -3.0, 3.0].contains(where: { abs(x - $0) < 0.05 }) { continue }
      let h = 1e-3
      xs.append(x)
      numeric.append((Double(activation(Float(x + h))) - Double(activation(Float(x - h)))) / (2 * h))
      analytic.append(Double(activation.derivative(output: activation(Float(x)))))
    }
    let closeness = Closeness(numeric, analytic, tolerance: 2e-3)
    #expect(closeness.isClose, "\(activation): \(closeness)")
  }

  @Test("the vectorised kernel matches its scalar twin", arguments: Activation.allCases)
  func kernelMatchesScalar(activation: Activation) {
    // Across the range, including tails past the vector width and saturated values.
    let values = stride(from: Float(-100), through: 100, by: 0.0731).map { $0 } + [0, -0.0, 1e-8, -1e-8, 88, -88, 1e30, -1e30]
    let closeness = Self.twinCloseness(activation, values)
    #expect(closeness.isClose, "\(activation): \(closeness)")
  }

  /// The kernel against `callAsFunction`, within twice the documented ulp bound plus the twin's
  /// own ulp, relative to |twin|, and within the smallest normal float absolutely (where sigmoid's
  /// result is subnormal).
  static func twinCloseness(_ activation: Activation, _ values: [Float]) -> Closeness {
    let expected = values.map { activation($0) }
    let tolerance = (2 * ulpBounds[activation]! + 1) * Double(Float.ulpOfOne)
    return Closeness(kernel(activation, values), expected, tolerance: tolerance, floor: Double(Float.leastNormalMagnitude) / tolerance)
  }

  @Test("a NaN injected into tanh makes the twin check fail (regression: max-based checks passed)")
  func injectedNaNIsCaught() {
    let values = stride(from: Float(-5), through: 5, by: 0.0731).map { $0 }
    let faulty = KernelFault.tanhNaN.inject { Self.twinCloseness(.tanh, values) }
    #expect(!faulty.isClose && faulty.worst.isNaN, "the injected NaN went unnoticed: \(faulty)")
    let nanCount = KernelFault.tanhNaN.inject { Self.kernel(.tanh, values) }.filter(\.isNaN).count
    #expect(nanCount == values.filter { $0 > 2 && $0 < 3 }.count && nanCount > 0)
    // The fault is gone once the closure returns.
    #expect(Self.twinCloseness(.tanh, values).isClose)
  }

  @Test("known values")
  func values() {
    #expect(Activation.relu(-2) == 0 && Activation.relu(3) == 3)
    #expect(Activation.sigmoid(0) == 0.5)
    #expect(Activation.hardSigmoid(-4) == 0 && Activation.hardSigmoid(4) == 1 && Activation.hardSigmoid(0) == 0.5)
    #expect(Activation.tanh(1) == 0.7615942)
  }
}
