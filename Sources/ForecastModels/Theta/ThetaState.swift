import Foundation

/// The five states of a theta model after an observation — one row of statsforecast's `states`:
/// the smoothed level, the mean of the observations so far, the intercept Aₙ and slope Bₙ of the
/// trend line, and μ, the one-step forecast of that observation.
struct ThetaState: Sendable, Equatable, Codable {
  /// The simple-exponential-smoothing level ℓₜ.
  var level: Double
  /// The mean of y₁…yₜ.
  var meanY: Double
  /// The trend line's intercept Aₙ.
  var intercept: Double
  /// The trend line's slope Bₙ.
  var slope: Double
  /// The one-step forecast μₜ made before observation t.
  var mu: Double

  /// The state after observation `index` (counted from 0) from the state before it, as
  /// statsforecast's `update` in `theta.cpp`: μ from the previous state, then the level and mean
  /// updated with `observation` — or with μ itself when forecasting (`observation` nil) — and, for
  /// the dynamic models, the trend line refitted (Fiorucci et al., 2016, eqs. 7–9).
  @inline(__always)
  func advanced(to index: Int, observation: Double?, dynamic: Bool, alpha: Double, theta: Double) -> ThetaState {
    let i = Double(index)
    let mu = level + (1 - 1 / theta) * (intercept * pow(1 - alpha, i) + slope * (1 - pow(1 - alpha, i + 1)) / alpha)
    let y = observation ?? mu
    var next = ThetaState(
      level: alpha * y + (1 - alpha) * level, meanY: (i * meanY + y) / (i + 1),
      intercept: intercept, slope: slope, mu: mu)
    if dynamic {
      next.slope = ((i - 1) * slope + 6 * (y - meanY) / (i + 1)) / (i + 2)
      next.intercept = next.meanY - next.slope * (i + 2) / 2
    }
    return next
  }

  enum CodingKeys: String, CodingKey {
    case level, intercept, slope, mu
    case meanY = "mean_y"
  }
}
