import Foundation

extension ETSModel {
  /// statsforecast's `check_param` with bounds "both": the parameters lie in the box (β ≤ α,
  /// γ ≤ 1 − α) and are admissible.
  static func parametersAcceptable(
    alpha: Double, beta: Double?, gamma: Double?, phi: Double?, bounds: ETSBounds, m: Int
  ) -> Bool {
    let lower = bounds.lower, upper = bounds.upper
    if alpha < lower[0] || alpha > upper[0] { return false }
    if let beta, beta < lower[1] || beta > alpha || beta > upper[1] { return false }
    if let phi, phi < lower[3] || phi > upper[3] { return false }
    if let gamma, gamma < lower[2] || gamma > 1 - alpha || gamma > upper[2] { return false }
    return admissible(alpha: alpha, beta: beta, gamma: gamma, phi: phi, m: m)
  }

  /// statsforecast's `admissible` (Hyndman, Akram & Archibald 2008, "The admissible parameter
  /// space for exponential smoothing models"): the model forgets its starting states — for a
  /// seasonal model, every root of its characteristic polynomial lies in the unit disk.
  static func admissible(alpha: Double, beta: Double?, gamma: Double?, phi: Double?, m: Int) -> Bool {
    let phi = phi ?? 1
    if phi < 0 || phi > 1 + 1e-8 { return false }
    guard let gamma else {
      if alpha < 1 - 1 / phi || alpha > 1 + 1 / phi { return false }
      if let beta, beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha) { return false }
      return true
    }
    guard m > 1 else { return true }
    let beta = beta ?? 0
    let mm = Double(m)
    if gamma < max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha { return false }
    if alpha < 1 - 1 / phi - gamma * (1 - mm + phi + phi * mm) / (2 * phi * mm) { return false }
    if beta < -(1 - phi) * (gamma / mm + alpha) { return false }
    // The characteristic polynomial, lowest degree first.
    var coefficients = [phi * (1 - alpha - gamma), alpha + beta - alpha * phi + gamma - 1]
    coefficients += [Double](repeating: alpha + beta - alpha * phi, count: m - 2)
    coefficients += [alpha + beta - phi, 1]
    return largestRootModulus(coefficients) <= 1 + 1e-10
  }

  /// The largest modulus of the roots of the monic polynomial Σ cᵢ zⁱ (`coefficients` lowest
  /// degree first, the last one 1), by the Aberth–Ehrlich iteration.
  static func largestRootModulus(_ coefficients: [Double]) -> Double {
    let degree = coefficients.count - 1
    precondition(degree >= 1 && coefficients[degree] == 1, "a monic polynomial of degree ≥ 1")
    typealias Complex = (re: Double, im: Double)
    func multiply(_ a: Complex, _ b: Complex) -> Complex { (a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    func divide(_ a: Complex, _ b: Complex) -> Complex {
      let d = b.re * b.re + b.im * b.im
      return ((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    func subtract(_ a: Complex, _ b: Complex) -> Complex { (a.re - b.re, a.im - b.im) }
    // Value and derivative by Horner's rule.
    func evaluate(_ z: Complex) -> (Complex, Complex) {
      var p: Complex = (1, 0), dp: Complex = (0, 0)
      for c in coefficients.dropLast().reversed() {
        dp = multiply(dp, z)
        dp.re += p.re; dp.im += p.im
        p = multiply(p, z)
        p.re += c
      }
      return (p, dp)
    }
    // Start on a circle of the Cauchy bound's radius, off the axes.
    let radius = 1 + coefficients.dropLast().map(abs).max()!
    var roots: [Complex] = (0..<degree).map { k in
      let angle = 2 * Double.pi * Double(k) / Double(degree) + 0.4
      return (radius * cos(angle), radius * sin(angle))
    }
    for _ in 0..<500 {
      var largestStep = 0.0
      for k in 0..<degree {
        let (p, dp) = evaluate(roots[k])
        if p.re == 0 && p.im == 0 { continue }
        let newton = divide(p, dp)
        var repulsion: Complex = (0, 0)
        for j in 0..<degree where j != k {
          let term = divide((1, 0), subtract(roots[k], roots[j]))
          repulsion.re += term.re; repulsion.im += term.im
        }
        let step = divide(newton, subtract((1, 0), multiply(newton, repulsion)))
        roots[k] = subtract(roots[k], step)
        largestStep = max(largestStep, (step.re * step.re + step.im * step.im).squareRoot())
      }
      if largestStep <= 1e-14 * radius { break }
    }
    return roots.map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.max()!
  }
}
