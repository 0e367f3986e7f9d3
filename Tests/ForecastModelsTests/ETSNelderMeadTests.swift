import Foundation
@testable import ForecastModels
import Testing

@Suite("ETS estimation: statsforecast's Nelder–Mead")
struct ETSNelderMeadTests {
  let fixture = ETSFixture.shared

  @Test("from statsforecast's starting point, our optimiser takes the same steps to the same point")
  func sameRuns() throws {
    #expect(fixture.optimizations.count == 42)
    for run in fixture.optimizations {
      let filter = fixture.filters.first { $0.series == run.series && $0.model == run.model }!
      let spec = filter.specification
      let y = fixture.series[run.series]!.train
      let stateCount = filter.initialState.count - (spec.season != .none ? 1 : 0)
      let objective = LikelihoodObjective(
        base: ETSRecursions(error: spec.error, trend: spec.trend, season: spec.season, m: filter.m, alpha: 0, beta: 0, gamma: 0, phi: 1),
        estimatesAlpha: true, estimatesBeta: spec.trend != .none, estimatesGamma: spec.season != .none,
        estimatesPhi: spec.damped, stateCount: stateCount)
      let result = y.withUnsafeBufferPointer { y in
        var evaluation = objective.evaluation()
        let unbounded = [Double](repeating: .infinity, count: run.x0.count - run.lower.count)
        return ETSModel.optimizer.minimize(start: run.x0, lower: run.lower + unbounded.map { -$0 }, upper: run.upper + unbounded) {
          objective.value($0, y, &evaluation)
        }
      }
      let context = "\(run.series) \(run.model)"
      #expect(result.iterations == run.nit, "\(context): \(result.iterations) iterations, statsforecast \(run.nit)")
      #expect(allClose(result.x, run.x, tolerance: 1e-9), "\(context): point \(worstDifference(result.x, run.x))")
      #expect(allClose([result.value], [run.fn], tolerance: 1e-9), "\(context): value \(result.value) vs \(run.fn)")
    }
  }

  @Test("libstdc++'s ordering of ties, Eigen's and NumPy's sums")
  func referenceOrder() {
    // Insertion sort (≤ 16 values) keeps equal values in index order; introsort above.
    let values: [Double] = [3, .infinity, 1, .infinity, 2]
    var order = [Int](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { v in order.withUnsafeMutableBufferPointer { ReferenceOrder.argsort(v, into: $0) } }
    #expect(order == [2, 4, 0, 1, 3])
    let many = (0..<20).map { Double(($0 * 7) % 5) }
    var sorted = [Int](repeating: 0, count: many.count)
    many.withUnsafeBufferPointer { v in sorted.withUnsafeMutableBufferPointer { ReferenceOrder.argsort(v, into: $0) } }
    #expect(sorted.map { many[$0] } == many.sorted())
    // Sums whose order shows in the result (1e16 + 1 rounds back to 1e16).
    let terms: [Double] = [1e16, 1, -1e16, 1, 1, 1, 1, 1, 1, 1]
    terms.withUnsafeBufferPointer { t in
      #expect(ReferenceOrder.numpySum(t, 0..<10) == 6)  // np.sum; one after another gives 7
      #expect(ReferenceOrder.numpySum(t, 0..<3) == 0)   // under 8 values: one after another
    }
    let lanes: [Double] = [1, 1e16, 1, -1e16]
    lanes.withUnsafeBufferPointer { t in
      #expect(ReferenceOrder.eigenSum(4) { t[$0] } == 2)  // (1 + 1) + (1e16 − 1e16)
    }
    let unaligned: [Double] = [0, 1, 1e16, -1e16]
    unaligned.withUnsafeBufferPointer { t in
      #expect(ReferenceOrder.eigenSum(3, unalignedStart: true) { t[1 + $0] } == 1)  // the aligned pair first, then the 1
    }
  }

  @Test("seasonal models are admissible at their starting parameters; an explosive one is not")
  func admissibility() {
    #expect(ETSModel.admissible(alpha: 0.0168, beta: 0.0017, gamma: 0.049, phi: 0.978, m: 12))
    #expect(!ETSModel.admissible(alpha: 0.5, beta: 0.4, gamma: 0.9, phi: 1, m: 4))
    // z² − 3z + 2 = (z − 1)(z − 2)
    #expect(abs(ETSModel.largestRootModulus([2, -3, 1]) - 2) < 1e-12)
  }
}
