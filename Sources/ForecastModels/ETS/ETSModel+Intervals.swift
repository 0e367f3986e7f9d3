import Foundation

extension ETSModel {
  /// Analytic prediction intervals around `forecast(horizon:)`: mean ± z·σₕ with z the normal
  /// quantile of each level, and the forecast variances σₕ² of statsforecast's
  /// `_compute_pred_intervals` (Hyndman, Koehler, Ord & Snyder 2008, ch. 6): closed forms for
  /// the linear models (class 1: additive error, no multiplicative season), the recursion of
  /// class 2 (multiplicative error, no multiplicative season) and the moment recursion of class 3
  /// (multiplicative error and season).
  ///
  /// Two formulas are statsforecast's own rather than the book's: ETS(M,A,A) uses
  /// cⱼ = αβj + γdⱼ, and class 3 keeps the mean states of the last observation for every step.
  ///
  /// - Parameters:
  ///   - horizon: the number of steps.
  ///   - levels: coverages in percent, each strictly between 0 and 100; returned lowest first.
  /// - Throws: `ModelError.invalidSetting` for a level outside (0, 100).
  public func predictionIntervals(horizon: Int, levels: [Double]) throws(ModelError) -> [PredictionInterval] {
    if let bad = levels.first(where: { !($0 > 0 && $0 < 100) }) {
      throw .invalidSetting("A prediction interval's level is a percentage between 0 and 100 (such as 80 or 95), received \(bad).")
    }
    guard horizon > 0 else { return levels.sorted().map { PredictionInterval(level: $0, lower: [], upper: []) } }
    let mean = forecast(horizon: horizon)
    let deviations = forecastVariances(mean).map { $0.squareRoot() }
    return levels.sorted().map { level in
      let z = NormalQuantile.of(0.5 + level / 200)
      return PredictionInterval(
        level: level,
        lower: zip(mean, deviations).map { $0 - z * $1 },
        upper: zip(mean, deviations).map { $0 + z * $1 })
    }
  }

  /// σₕ² for h = 1…`mean.count`, given the point forecasts `mean`.
  func forecastVariances(_ mean: [Double]) -> [Double] {
    let h = mean.count, m = seasonLength
    let sigma = sigma2
    let beta = beta ?? .nan, gamma = gamma ?? .nan, phi = phi ?? .nan
    let steps = (1...h).map(Double.init)
    let hm = Double((h - 1) / m)  // one value for the whole horizon, as statsforecast has it
    let spec = specification
    // A step that completes a season.
    let seasonEnds = (1...h).map { $0 % m == 0 ? 1.0 : 0.0 }
    // φ + φ² + … + φᵏ.
    let dampedSums = (1...h).map { k in (1...k).reduce(0.0) { $0 + pow(phi, Double($1)) } }

    func linear(_ terms: (Double) -> Double) -> [Double] { steps.map { sigma * terms($0) } }
    let e1 = { (s: Double) in alpha * alpha + alpha * beta * s + (1.0 / 6.0) * beta * beta * s * (2 * s - 1) }
    let e2 = { (s: Double) in (beta * phi * s) / ((1 - phi) * (1 - phi)) }
    let e3 = 2 * alpha * (1 - phi) + beta * phi
    let e4 = { (s: Double) in (beta * phi * (1 - pow(phi, s))) / ((1 - phi) * (1 - phi) * (1 - phi * phi)) }
    let e5 = { (s: Double) in 2 * alpha * (1 - phi * phi) + beta * phi * (1 + 2 * phi - pow(phi, s)) }

    switch (spec.error, spec.trend, spec.season, spec.damped) {
    case (.additive, .none, .none, _):
      return linear { 1 + alpha * alpha * ($0 - 1) }
    case (.additive, .additive, .none, false):
      return linear { 1 + ($0 - 1) * e1($0) }
    case (.additive, .additive, .none, true):
      return linear { 1 + alpha * alpha * ($0 - 1) + e2($0) * e3 - e4($0) * e5($0) }
    case (.additive, .none, .additive, _):
      return linear { 1 + alpha * alpha * ($0 - 1) + gamma * hm * (2 * alpha + gamma) }
    case (.additive, .additive, .additive, false):
      let e6 = 2 * alpha + gamma + beta * Double(m) * (hm + 1)
      return linear { 1 + ($0 - 1) * e1($0) + gamma * hm * e6 }
    case (.additive, .additive, .additive, true):
      let phiM = pow(phi, Double(m))
      let e7 = (2 * beta * gamma * phi) / ((1 - phi) * (1 - phiM))
      let e8 = hm * (1 - phiM) - phiM * (1 - pow(phi, Double(m) * hm))
      return linear {
        1 + alpha * alpha * ($0 - 1) + e2($0) * e3 - e4($0) * e5($0) + gamma * hm * (2 * alpha + gamma) + e7 * e8
      }
    case (.multiplicative, .none, .none, _):
      return classTwo(mean, steps.map { _ in alpha })
    case (.multiplicative, .additive, .none, false):
      return classTwo(mean, steps.map { alpha + beta * $0 })
    case (.multiplicative, .additive, .none, true):
      return classTwo(mean, dampedSums.map { alpha + beta * $0 })
    case (.multiplicative, .none, .additive, _):
      return classTwo(mean, seasonEnds.map { alpha + gamma * $0 })
    case (.multiplicative, .additive, .additive, false):
      return classTwo(mean, zip(steps, seasonEnds).map { alpha * beta * $0 + gamma * $1 })
    case (.multiplicative, .additive, .additive, true):
      return classTwo(mean, zip(dampedSums, seasonEnds).map { alpha + beta * $0 + gamma * $1 })
    case (.multiplicative, _, .multiplicative, _):
      return classThree(horizon: h)
    default:
      preconditionFailure("\(spec) is not a model the selection allows")
    }
  }

  /// Class 2: θ₁ = μ₁², θₖ = μₖ² + σ² Σⱼ<ₖ cⱼ² θₖ₋ⱼ, and σₖ² = (1 + σ²)θₖ − μₖ² (statsforecast's
  /// `_compute_sigmah`).
  private func classTwo(_ mean: [Double], _ c: [Double]) -> [Double] {
    let h = mean.count
    var theta = [Double](repeating: 0, count: h)
    theta[0] = mean[0] * mean[0]
    for k in 1..<max(h, 1) {
      var sum = 0.0
      for j in 0..<k { sum += c[j] * c[j] * theta[k - 1 - j] }
      theta[k] = mean[k] * mean[k] + sigma2 * sum
    }
    return (0..<h).map { (1 + sigma2) * theta[$0] - mean[$0] * mean[$0] }
  }

  /// Class 3: the variance recursion of statsforecast's `_class3models` over the Kronecker
  /// products of the trend and seasonal transition matrices.
  private func classThree(horizon h: Int) -> [Double] {
    let m = seasonLength, sigma = sigma2
    let hasTrend = specification.trend != .none
    let t = hasTrend ? 2 : 1
    let phiTrend = specification.damped ? phi! : 1
    let h1 = Matrix(rows: 1, columns: t, hasTrend ? [1, 1] : [1])
    var h2 = Matrix(rows: 1, columns: m)
    h2[0, m - 1] = 1
    let f1 = hasTrend ? Matrix(rows: 2, columns: 2, [1, 1, 0, phiTrend]) : Matrix(rows: 1, columns: 1, [1])
    let g1 = hasTrend
      ? Matrix(rows: 2, columns: 2, [alpha, alpha, beta!, beta!]) : Matrix(rows: 1, columns: 1, [alpha])
    var f2 = Matrix(rows: m, columns: m)
    f2[0, m - 1] = 1
    for i in 1..<m { f2[i, i - 1] = 1 }
    var g2 = Matrix(rows: m, columns: m)
    g2[0, m - 1] = gamma!
    // The mean states: (level, growth) times the seasonal terms.
    let p = finalState.count
    let mh = Matrix(rows: t, columns: 1, Array(finalState[0..<(p - m)]))
      .times(Matrix(rows: 1, columns: m, Array(finalState[(p - m)..<p])))
    var vh = Matrix(rows: t * m, columns: t * m)
    let h21 = h2.kronecker(h1), f21 = f2.kronecker(f1), g21 = g2.kronecker(g1)
    let k = g2.kronecker(f1).plus(f2.kronecker(g1))
    let f21t = f21.transposed, g21t = g21.transposed, kt = k.transposed
    // vec(Mh) in row-major order, as NumPy's `flatten` gives it.
    let vec = Matrix(rows: t * m, columns: 1, mh.values)
    let outer = vec.times(vec.transposed)
    let mu = h1.times(mh).times(h2.transposed)[0, 0]
    var variances = [Double](repeating: 0, count: h)
    for i in 0..<h {
      variances[i] = (1 + sigma) * h21.times(vh).times(h21.transposed)[0, 0] + sigma * mu * mu
      let exp1 = f21.times(vh).times(f21t)
      let exp2 = f21.times(vh).times(g21t)
      let exp3 = g21.times(vh).times(f21t)
      let exp4 = k.times(vh.plus(outer)).times(kt)
      let exp5 = g21.scaled(sigma).times(vh.scaled(3).plus(outer.scaled(2))).times(g21t)
      vh = exp1.plus(exp2.plus(exp3).plus(exp4).plus(exp5).scaled(sigma))
    }
    return variances
  }
}

/// A small dense row-major matrix for the class 3 variance recursion.
private struct Matrix {
  let rows: Int, columns: Int
  var values: [Double]

  init(rows: Int, columns: Int, _ values: [Double]? = nil) {
    self.rows = rows
    self.columns = columns
    self.values = values ?? [Double](repeating: 0, count: rows * columns)
    precondition(self.values.count == rows * columns, "a matrix needs rows × columns values")
  }

  subscript(i: Int, j: Int) -> Double {
    get { values[i * columns + j] }
    set { values[i * columns + j] = newValue }
  }

  var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for i in 0..<rows { for j in 0..<columns { result[j, i] = self[i, j] } }
    return result
  }

  func times(_ other: Matrix) -> Matrix {
    precondition(columns == other.rows, "matrix shapes do not chain")
    var result = Matrix(rows: rows, columns: other.columns)
    for i in 0..<rows {
      for l in 0..<columns {
        let a = self[i, l]
        for j in 0..<other.columns { result.values[i * other.columns + j] += a * other[l, j] }
      }
    }
    return result
  }

  func plus(_ other: Matrix) -> Matrix {
    Matrix(rows: rows, columns: columns, zip(values, other.values).map { $0 + $1 })
  }

  func scaled(_ factor: Double) -> Matrix {
    Matrix(rows: rows, columns: columns, values.map { $0 * factor })
  }

  /// The Kronecker product self ⊗ other.
  func kronecker(_ other: Matrix) -> Matrix {
    var result = Matrix(rows: rows * other.rows, columns: columns * other.columns)
    for i in 0..<rows {
      for j in 0..<columns {
        for k in 0..<other.rows {
          for l in 0..<other.columns { result[i * other.rows + k, j * other.columns + l] = self[i, j] * other[k, l] }
        }
      }
    }
    return result
  }
}
