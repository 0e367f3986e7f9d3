/// The bounded Nelder–Mead simplex minimiser of statsforecast (`include/statsforecast/nelder_mead.h`,
/// `nm::NelderMead`), step for step: the same starting simplex, the same adaptive coefficients
/// (Gao & Han, 2012), clamping of every trial point into the box, the same stopping rule (the
/// population standard deviation of the simplex's values below `tolerance`) and the same answer
/// (the best vertex as ordered at the start of the last iteration).
///
/// Nelder, J. A. & Mead, R. (1965). A simplex method for function minimization. The Computer
/// Journal, 7(4), 308–313.
struct NelderMead {
  /// Relative step of each coordinate in the starting simplex (statsforecast's `init_step`).
  var initialStep = 0.05
  /// The step of a coordinate that starts at zero (`zero_pert`).
  var zeroPerturbation = 1e-4
  /// Reflection coefficient.
  var reflection = 1.0
  /// Expansion coefficient (replaced by 1 + 2/d when `adaptive`).
  var expansion = 2.0
  /// Contraction coefficient (replaced by 0.75 − 1/(2d) when `adaptive`).
  var contraction = 0.5
  /// Shrink coefficient (replaced by 1 − 1/d when `adaptive`).
  var shrink = 0.5
  /// The most iterations.
  var maxIterations: Int
  /// Stop once the standard deviation of the simplex's values falls below this.
  var tolerance: Double
  /// Whether the coefficients depend on the dimension d.
  var adaptive: Bool

  /// What `minimize` found.
  struct Result {
    /// The best vertex of the last ordering of the simplex.
    var x: [Double]
    /// The objective there.
    var value: Double
    /// The iterations run as statsforecast counts them (`nit`: `maxIterations + 1` when the
    /// limit stopped it).
    var iterations: Int
  }

  /// Minimises `objective` over the box [`lower`, `upper`] from `start` (clamped into the box).
  /// The objective is called with a buffer of `start.count` values that it must not keep.
  func minimize(start: [Double], lower: [Double], upper: [Double], _ objective: (UnsafeBufferPointer<Double>) -> Double) -> Result {
    let d = start.count
    precondition(d >= 1 && lower.count == d && upper.count == d, "Nelder–Mead needs a start and bounds of one common dimension")
    var expansion = expansion, contraction = contraction, shrink = shrink
    if adaptive {
      expansion = 1 + 2 / Double(d)
      contraction = 0.75 - 1 / Double(2 * d)
      shrink = 1 - 1 / Double(d)
    }
    func clamp(_ x: inout [Double]) {
      for k in 0..<d { x[k] = min(max(x[k], lower[k]), upper[k]) }
    }

    var x0 = start
    clamp(&x0)
    var simplex = (0...d).map { _ in x0 }
    for k in 0..<d {
      let value = simplex[k][k]
      simplex[k][k] = min(max(value == 0 ? zeroPerturbation : value * (1 + initialStep), lower[k]), upper[k])
    }
    var values = simplex.map { $0.withUnsafeBufferPointer(objective) }
    // Vertices are overwritten in place, so that no step allocates.
    func replace(_ row: Int, with x: [Double], value: Double) {
      for k in 0..<d { simplex[row][k] = x[k] }
      values[row] = value
    }

    var order = Array(0...d)
    var centroid = [Double](repeating: 0, count: d)
    var reflected = centroid, trial = centroid
    var best = 0
    var iterations = maxIterations
    for iteration in 0..<maxIterations {
      Self.argSort(values, into: &order)
      best = order[0]
      let worst = order[d], secondWorst = order[d - 1]
      if Self.populationStandardDeviation(values) < tolerance {
        iterations = iteration
        break
      }

      for k in 0..<d {
        var sum = simplex[0][k]
        for row in 1...d { sum += simplex[row][k] }
        centroid[k] = (sum - simplex[worst][k]) / Double(d)
      }
      for k in 0..<d { reflected[k] = centroid[k] + reflection * (centroid[k] - simplex[worst][k]) }
      clamp(&reflected)
      let reflectedValue = reflected.withUnsafeBufferPointer(objective)
      if values[best] <= reflectedValue && reflectedValue < values[secondWorst] {
        replace(worst, with: reflected, value: reflectedValue)
        continue
      }
      if reflectedValue < values[best] {
        for k in 0..<d { trial[k] = centroid[k] + expansion * (reflected[k] - centroid[k]) }
        clamp(&trial)
        let expandedValue = trial.withUnsafeBufferPointer(objective)
        if expandedValue < reflectedValue {
          replace(worst, with: trial, value: expandedValue)
        } else {
          replace(worst, with: reflected, value: reflectedValue)
        }
        continue
      }
      if values[secondWorst] <= reflectedValue && reflectedValue < values[worst] {
        for k in 0..<d { trial[k] = centroid[k] + contraction * (reflected[k] - centroid[k]) }
        clamp(&trial)
        let contractedValue = trial.withUnsafeBufferPointer(objective)
        if contractedValue <= reflectedValue {
          replace(worst, with: trial, value: contractedValue)
          continue
        }
      } else {
        for k in 0..<d { trial[k] = centroid[k] - contraction * (reflected[k] - centroid[k]) }
        clamp(&trial)
        let contractedValue = trial.withUnsafeBufferPointer(objective)
        if contractedValue < values[worst] {
          replace(worst, with: trial, value: contractedValue)
          continue
        }
      }
      for row in 0...d where row != best {
        for k in 0..<d { simplex[row][k] = simplex[best][k] + shrink * (simplex[row][k] - simplex[best][k]) }
        clamp(&simplex[row])
        values[row] = simplex[row].withUnsafeBufferPointer(objective)
      }
    }
    return Result(x: simplex[best], value: values[best], iterations: iterations + 1)
  }

  /// The indices of `values` from smallest to largest, ties in index order: what libstdc++'s
  /// `std::sort` (an insertion sort below 17 elements) gives statsforecast's `ArgSort`.
  private static func argSort(_ values: [Double], into order: inout [Int]) {
    for i in order.indices { order[i] = i }
    for i in 1..<order.count {
      let index = order[i]
      var j = i
      while j > 0 && values[index] < values[order[j - 1]] {
        order[j] = order[j - 1]
        j -= 1
      }
      order[j] = index
    }
  }

  /// sqrt(mean((x − mean(x))²)), with Eigen's order of summation.
  private static func populationStandardDeviation(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { x in
      let n = Double(x.count)
      let mean = eigenSum(x.count) { x[$0] } / n
      return (eigenSum(x.count) { (x[$0] - mean) * (x[$0] - mean) } / n).squareRoot()
    }
  }
}
