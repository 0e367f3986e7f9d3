import Foundation

/// The standard normal distribution's quantile function Φ⁻¹(p), by Wichura's algorithm AS 241
/// (`PPND16`, 1988), accurate to about 1e-16 — what statsforecast's intervals take from
/// `scipy.stats.norm.ppf`.
enum NormalQuantile {
  /// Φ⁻¹(p) for 0 < p < 1 (−∞ at 0, +∞ at 1, NaN outside).
  static func of(_ p: Double) -> Double {
    if p.isNaN || p < 0 || p > 1 { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
      let r = 0.180625 - q * q
      return q * rational(r, central.numerator, central.denominator)
    }
    var r = q < 0 ? p : 1 - p
    r = (-log(r)).squareRoot()
    let value: Double
    if r <= 5 {
      r -= 1.6
      value = rational(r, intermediate.numerator, intermediate.denominator)
    } else {
      r -= 5
      value = rational(r, tail.numerator, tail.denominator)
    }
    return q < 0 ? -value : value
  }

  /// Σ aᵢ rⁱ / Σ bᵢ rⁱ by Horner's rule (coefficients lowest degree first).
  private static func rational(_ r: Double, _ a: [Double], _ b: [Double]) -> Double {
    a.reversed().reduce(0) { $0 * r + $1 } / b.reversed().reduce(0) { $0 * r + $1 }
  }

  private static let central = (
    numerator: [
      3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
      45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
    ],
    denominator: [
      1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
      21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
    ])

  private static let intermediate = (
    numerator: [
      1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
      1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
    ],
    denominator: [
      1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
      0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
    ])

  private static let tail = (
    numerator: [
      6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
      0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
    ],
    denominator: [
      1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
      7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
    ])
}
