/// The bounded Nelder–Mead simplex minimiser of statsforecast's `nelder_mead.h` (the optimiser
/// its `ets.cpp` uses to estimate ETS models), step for step: the same first simplex, the same
/// moves (reflection, expansion, outside and inside contraction, shrink towards the best point
/// without evaluating it again), every trial point clamped into the box, the same stopping rule
/// (the population standard deviation of the simplex' values below `tolerance`), the same
/// iteration count, and the same order of floating-point sums (Eigen's), so that the path of
/// points — and after `maxIterations` steps the point returned — are statsforecast's.
///
/// With `adaptive`, the expansion, contraction and shrink coefficients depend on the dimension
/// (Gao & Han 2012, "Implementing the Nelder-Mead simplex algorithm with adaptive parameters").
struct NelderMead {
  /// The relative size of the first simplex' steps from the starting point.
  var initialStep = 0.05
  /// The step of a coordinate that starts at zero.
  var zeroPerturbation = 1.0e-4
  /// The reflection coefficient.
  var reflection = 1.0
  /// The expansion coefficient (replaced by `1 + 2/n` when adaptive).
  var expansion = 2.0
  /// The contraction coefficient (replaced by `0.75 − 1/(2n)` when adaptive).
  var contraction = 0.5
  /// The shrink coefficient (replaced by `1 − 1/n` when adaptive).
  var shrink = 0.5
  /// The most iterations.
  var maxIterations: Int
  /// The stopping threshold on the standard deviation of the simplex' values.
  var tolerance: Double
  /// Whether the coefficients adapt to the dimension.
  var adaptive: Bool

  /// What `minimize` found.
  struct Result {
    /// The best point of the last ordering of the simplex.
    var x: [Double]
    /// The objective there.
    var value: Double
    /// The iterations run, counted as statsforecast counts them (`maxIterations + 1` when the
    /// limit was reached).
    var iterations: Int
  }

  /// Minimises `objective` from `start` within `[lower, upper]` (infinite bounds allowed).
  /// The objective is called with a buffer of `start.count` values that it must not keep.
  func minimize(
    start: [Double], lower: [Double], upper: [Double],
    _ objective: (UnsafeBufferPointer<Double>) -> Double
  ) -> Result {
    let n = start.count
    precondition(n > 0 && lower.count == n && upper.count == n, "Nelder–Mead needs bounds of the start's size")
    var expansion = expansion, contraction = contraction, shrink = shrink
    if adaptive {
      expansion = 1.0 + 2.0 / Double(n)
      contraction = 0.75 - 1.0 / Double(2 * n)
      shrink = 1.0 - 1.0 / Double(n)
    }
    let rows = n + 1
    // One block of scratch: the simplex (row-major, rows are points), its values, the centroid
    // and two trial points.
    var storage = [Double](repeating: 0, count: rows * n + rows + 3 * n)
    var order = [Int](repeating: 0, count: rows)
    var best = 0
    var iteration = 0
    storage.withUnsafeMutableBufferPointer { storage in
      order.withUnsafeMutableBufferPointer { order in
        let simplex = UnsafeMutableBufferPointer(rebasing: storage[0..<(rows * n)])
        let values = UnsafeMutableBufferPointer(rebasing: storage[(rows * n)..<(rows * n + rows)])
        let centroid = UnsafeMutableBufferPointer(rebasing: storage[(rows * n + rows)..<(rows * n + rows + n)])
        let trial = UnsafeMutableBufferPointer(rebasing: storage[(rows * n + rows + n)..<(rows * n + rows + 2 * n)])
        let second = UnsafeMutableBufferPointer(rebasing: storage[(rows * n + rows + 2 * n)...])
        func row(_ r: Int) -> UnsafeMutableBufferPointer<Double> {
          UnsafeMutableBufferPointer(rebasing: simplex[(r * n)..<(r * n + n)])
        }
        func clamp(_ x: UnsafeMutableBufferPointer<Double>) {
          for j in 0..<n { x[j] = min(max(x[j], lower[j]), upper[j]) }
        }
        func evaluate(_ x: UnsafeMutableBufferPointer<Double>) -> Double {
          objective(UnsafeBufferPointer(x))
        }

        for r in 0..<rows {
          for j in 0..<n { simplex[r * n + j] = min(max(start[j], lower[j]), upper[j]) }
        }
        for i in 0..<n {
          let value = simplex[i * n + i]
          simplex[i * n + i] = min(max(value == 0 ? zeroPerturbation : value * (1.0 + initialStep), lower[i]), upper[i])
        }
        for r in 0..<rows { values[r] = evaluate(row(r)) }

        while iteration < maxIterations {
          ReferenceOrder.argsort(UnsafeBufferPointer(values), into: order)
          best = order[0]
          let worst = order[n], secondWorst = order[n - 1]
          if ReferenceOrder.standardDeviation(UnsafeBufferPointer(values)) < tolerance { break }
          iteration += 1

          // The centroid as statsforecast computes it: all rows summed, less the worst.
          ReferenceOrder.columnSums(UnsafeBufferPointer(simplex), rows: rows, into: centroid)
          let worstRow = row(worst)
          for j in 0..<n { centroid[j] = (centroid[j] - worstRow[j]) / Double(n) }

          // Reflection.
          for j in 0..<n { trial[j] = centroid[j] + reflection * (centroid[j] - worstRow[j]) }
          clamp(trial)
          let reflected = evaluate(trial)
          if values[best] <= reflected && reflected < values[secondWorst] {
            _ = worstRow.update(fromContentsOf: trial)
            values[worst] = reflected
            continue
          }
          // Expansion: the reflected point is the best so far.
          if reflected < values[best] {
            for j in 0..<n { second[j] = centroid[j] + expansion * (trial[j] - centroid[j]) }
            clamp(second)
            let expanded = evaluate(second)
            if expanded < reflected {
              _ = worstRow.update(fromContentsOf: second)
              values[worst] = expanded
            } else {
              _ = worstRow.update(fromContentsOf: trial)
              values[worst] = reflected
            }
            continue
          }
          if values[secondWorst] <= reflected && reflected < values[worst] {
            // Outside contraction.
            for j in 0..<n { second[j] = centroid[j] + contraction * (trial[j] - centroid[j]) }
            clamp(second)
            let contracted = evaluate(second)
            if contracted <= reflected {
              _ = worstRow.update(fromContentsOf: second)
              values[worst] = contracted
              continue
            }
          } else {
            // Inside contraction.
            for j in 0..<n { second[j] = centroid[j] - contraction * (trial[j] - centroid[j]) }
            clamp(second)
            let contracted = evaluate(second)
            if contracted < values[worst] {
              _ = worstRow.update(fromContentsOf: second)
              values[worst] = contracted
              continue
            }
          }
          // Shrink towards the best point, which keeps its value.
          let bestRow = row(best)
          for r in 0..<rows where r != best {
            let point = row(r)
            for j in 0..<n { point[j] = bestRow[j] + shrink * (point[j] - bestRow[j]) }
            clamp(point)
            values[r] = evaluate(point)
          }
        }
      }
    }
    // statsforecast counts `i + 1`: one more than the iterations run when the limit stops it.
    return Result(x: Array(storage[(best * n)..<(best * n + n)]), value: storage[rows * n + best], iterations: iteration + 1)
  }
}
