@testable import ForecastModels
import Testing

@Suite("Nelder–Mead as statsforecast's nelder_mead.h")
struct NelderMeadTests {
  static let optimizer = NelderMead(maxIterations: 1_000, tolerance: 1e-10, adaptive: true)

  @Test("finds the minimum of a bounded quadratic, and a minimum on a bound")
  func minimises() {
    let inside = Self.optimizer.minimize(start: [1, 1], lower: [-10, -10], upper: [10, 10]) { x in
      (x[0] - 2) * (x[0] - 2) + 10 * (x[1] + 1) * (x[1] + 1)
    }
    #expect(abs(inside.x[0] - 2) < 1e-4 && abs(inside.x[1] + 1) < 1e-4, "\(inside.x)")
    #expect(inside.iterations > 1 && inside.iterations <= 1_000)
    let bounded = Self.optimizer.minimize(start: [0.5], lower: [0.1], upper: [0.99]) { x in -x[0] }
    #expect(bounded.x == [0.99])
  }

  @Test("counts iterations as statsforecast: one more than run when the limit stops it")
  func iterationLimit() {
    let short = NelderMead(maxIterations: 3, tolerance: 0, adaptive: true)
    let result = short.minimize(start: [1, 1], lower: [-10, -10], upper: [10, 10]) { x in x[0] * x[0] + x[1] * x[1] }
    #expect(result.iterations == 4)
  }

  @Test("sums in Eigen's packet order")
  func packetSum() {
    // Left to right, 1e16 + 1 + (−1e16) + 1 is 1; Eigen adds (1e16 − 1e16) + (1 + 1).
    let x = [1e16, 1, -1e16, 1]
    #expect(ReferenceOrder.eigenSum(x.count) { x[$0] } == 2)
    #expect(ReferenceOrder.eigenSum(5) { Double($0) } == 10)
    #expect(ReferenceOrder.eigenSum(1) { _ in 7 } == 7)
    #expect(ReferenceOrder.eigenSum(0) { _ in 7 } == 0)
  }
}
