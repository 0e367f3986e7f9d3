import Foundation
import ForecastKernels
import Testing

@Suite("Update kernels")
struct UpdateKernelsTests {
  /// Parameters and Adam's moments.
  struct State: Equatable {
    var parameters: [Float]
    var m: [Float]
    var v: [Float]

    typealias Kernel = (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>,
                        UnsafeMutableBufferPointer<Float>, Float) -> Void

    mutating func step(_ gradients: [Float], alpha: Float, kernel: Kernel) {
      gradients.withUnsafeBufferPointer { g in
        parameters.withUnsafeMutableBufferPointer { p in
          m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in kernel(p, g, m, v, alpha) }
          }
        }
      }
    }
  }

  @Test("the vectorised Adam step matches its plain twin over several steps, bit for bit", arguments: [1, 7, 8, 9, 40_901])
  func adam(count: Int) {
    var generator = SeededGenerator(seed: UInt64(count))
    let zeros = [Float](repeating: 0, count: count)
    var fast = State(parameters: (0..<count).map { _ in Float(generator.nextNormal()) }, m: zeros, v: zeros)
    var plain = fast
    for step in 1...3 {
      var gradients = (0..<count).map { _ in Float(generator.nextNormal()) }
      // Zeros of both signs, a subnormal (g² underflows), a tiny and a huge gradient (g² near the
      // top of the range), in the vector part and in the tail.
      let special: [Float] = [0, -0.0, .leastNormalMagnitude / 4, -1e-30, 1e18]
      for (i, g) in special.enumerated() where count > 8 { gradients[(i * 7 + step) % count] = g }
      let alpha = 0.001 * (1 - pow(0.999, Float(step))).squareRoot() / (1 - pow(0.9, Float(step)))
      fast.step(gradients, alpha: alpha) {
        UpdateKernels.adam(parameters: $0, gradients: $1, m: $2, v: $3, alpha: $4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
      }
      plain.step(gradients, alpha: alpha) {
        UpdateKernels.referenceAdam(parameters: $0, gradients: $1, m: $2, v: $3, alpha: $4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
      }
    }
    // `==` fails on NaN; bit patterns tell the signs of zeros apart.
    #expect(fast.m == plain.m && fast.v == plain.v)
    #expect(fast.parameters.allSatisfy { $0.isFinite })
    #expect(fast.parameters.map(\.bitPattern) == plain.parameters.map(\.bitPattern))
    #expect(fast.v.map(\.bitPattern) == plain.v.map(\.bitPattern))
  }
}
