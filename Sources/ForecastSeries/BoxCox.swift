import Foundation

/// The Box–Cox power transform (Box & Cox, 1964) as coreforecast's `boxcox` and R forecast's
/// `BoxCox`: (x^λ − 1)/λ, log x at λ = 0, and for negative x −(|x|^λ + 1)/λ (which makes it
/// defined for λ > 0); inverted exactly.
public struct BoxCox: Sendable, Equatable, Codable {
  /// The power.
  public var lambda: Double

  /// The transform with power `lambda`.
  public init(lambda: Double) {
    self.lambda = lambda
  }

  /// The transformed value (NaN where the transform is not defined: x < 0 with λ < 0).
  public func transform(_ x: Double) -> Double {
    if lambda < 0 && x < 0 { return .nan }
    if abs(lambda) < 1e-19 { return log(x) }
    if x > 0 { return expm1(lambda * log(x)) / lambda }
    return (-exp(lambda * log(-x)) - 1) / lambda
  }

  /// The value whose transform is `y` (NaN where there is none).
  public func inverse(_ y: Double) -> Double {
    if lambda < 0 && lambda * y + 1 < 0 { return .nan }
    if lambda == 0 { return exp(y) }
    if lambda * y + 1 > 0 { return exp(log1p(lambda * y) / lambda) }
    return -exp(log(-lambda * y - 1) / lambda)
  }

  /// Guerrero's (1993) λ, as coreforecast's `boxcox_lambda(method="guerrero")` and R forecast's
  /// `BoxCox.lambda`: the λ in [`lower`, `upper`] that makes the coefficient of variation of
  /// sdᵢ / meanᵢ^(1 − λ) smallest over the series' whole seasons (the last ⌊n/period⌋·period values,
  /// `period` at least 2), found by Brent's minimisation. Series of no more than two seasons get 1
  /// (no transform); with a value at or below zero the search starts at 0.
  public static func guerreroLambda(_ values: [Double], period: Int, lower: Double = -0.9, upper: Double = 2) -> Double {
    let period = max(period, 2)
    let n = values.count
    guard n > 2 * period else { return 1 }
    let lower = values.contains { $0 <= 0 } ? max(lower, 0) : lower
    let seasons = n / period
    let full = Array(values.suffix(seasons * period))
    var means: [Double] = [], deviations: [Double] = []
    for season in 0..<seasons {
      let part = full[season * period..<(season + 1) * period]
      let mean = part.reduce(0, +) / Double(period)
      means.append(mean)
      deviations.append((part.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(period - 1)).squareRoot())
    }
    func variation(_ lambda: Double) -> Double {
      let ratios = zip(deviations, means).map { $0 / exp(log($1) * (1 - lambda)) }
      let mean = ratios.reduce(0, +) / Double(ratios.count)
      let variance = ratios.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(ratios.count - 1)
      return variance.squareRoot() / mean
    }
    return brentMinimum(variation, lower, upper, tolerance: pow(Double.ulpOfOne, 0.25))
  }
}

/// The minimiser of `f` on [a, b] by Brent's method (golden sections and parabolic steps), as
/// R's `optimize` (`fmin`) and coreforecast's `Brent`, to within `tolerance`.
func brentMinimum(_ f: (Double) -> Double, _ a: Double, _ b: Double, tolerance: Double) -> Double {
  let golden = 0.3819660
  var (a, b) = (a, b)
  let eps = Double.ulpOfOne.squareRoot()
  var v = a + golden * (b - a), w = v, x = v
  var d = 0.0, e = 0.0
  var fx = f(x), fv = fx, fw = fx
  let tol3 = tolerance / 3
  while true {
    let xm = (a + b) / 2
    let tol1 = eps * abs(x) + tol3
    let t2 = tol1 * 2
    if abs(x - xm) <= t2 - (b - a) / 2 { break }
    var p = 0.0, q = 0.0, r = 0.0
    if abs(e) > tol1 {
      r = (x - w) * (fx - fv)
      q = (x - v) * (fx - fw)
      p = (x - v) * q - (x - w) * r
      q = (q - r) * 2
      if q > 0 { p = -p } else { q = -q }
      r = e
      e = d
    }
    if abs(p) >= abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x) {
      e = x < xm ? b - x : a - x
      d = golden * e
    } else {
      d = p / q
      let u = x + d
      if u - a < t2 || b - u < t2 { d = x >= xm ? -tol1 : tol1 }
    }
    let u = abs(d) >= tol1 ? x + d : (d > 0 ? x + tol1 : x - tol1)
    let fu = f(u)
    if fu <= fx {
      if u < x { b = x } else { a = x }
      (v, w, x) = (w, x, u)
      (fv, fw, fx) = (fw, fx, fu)
    } else {
      if u < x { a = u } else { b = u }
      if fu <= fw || w == x {
        (v, fv, w, fw) = (w, fw, u, fu)
      } else if fu <= fv || v == x || v == w {
        (v, fv) = (u, fu)
      }
    }
  }
  return x
}
