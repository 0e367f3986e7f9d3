import Foundation
@testable import ForecastModels
import Testing

@Suite("scipy's BFGS, as statsforecast's ARIMA minimises")
struct ARIMAOptimizerTests {
  /// numpy's BLAS rounds its matrix–vector products differently (fused multiply-adds in its
  /// own order), so the paths agree to rounding, not bit for bit: the end point and status are
  /// compared tightly, the inverse Hessian — which accumulates the last, noise-dominated steps —
  /// only where the search converged, and loosely.
  @Test("BFGS with forward-difference gradients ends where scipy's does, with the same status")
  func matchesScipy() throws {
    for case_ in ARIMAFixture.shared.bfgs {
      let function: ([Double]) -> Double
      switch case_.function {
      case "rosenbrock":
        // The same operations, in the same order, as the Python function.
        function = { x in
          let a = x[1] - x[0] * x[0], b = 1 - x[0]
          return 100 * (a * a) + b * b
        }
      default:
        function = { x in
          let quartic: Double = pow(x[0] - 3, 4)
          let square = (x[1] + 1) * (x[1] + 1)
          let sum = quartic + square + x[0] * x[1]
          return sum + exp(0.1 * x[2]) - 0.1 * x[2]
        }
      }
      let result = BFGS.minimize(function, from: case_.x0, gradientTolerance: 1e-8, maxIterations: 100)
      #expect(allClose(result.x, case_.x, tolerance: 1e-6), "\(case_.function): x \(result.x) vs \(case_.x)")
      #expect(allClose([result.value], [case_.fun], tolerance: 1e-9), "\(case_.function): f \(result.value) vs \(case_.fun)")
      #expect(result.status.rawValue == case_.status, "\(case_.function): status \(result.status)")
      if case_.status == 0 {
        #expect(allClose(result.inverseHessian, case_.hessInv, tolerance: 1e-2),
                "\(case_.function): worst inverse-Hessian difference \(worstDifference(result.inverseHessian, case_.hessInv))")
      }
    }
  }
}
