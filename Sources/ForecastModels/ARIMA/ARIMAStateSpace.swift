import Foundation

/// The state-space form of an ARIMA model and its Kalman filter's memory, as statsforecast's
/// `make_arima` (R's `makeARIMA`): a state of `r = max(p, q + 1)` ARMA components followed by
/// the `d + m·D` past values the differencing needs (Harvey 1989; Durbin & Koopman 2012, §3.4).
///
/// Matrices are flat, column-major as statsforecast's C++ reads them: element `(i, j)` of an
/// `rd × rd` matrix at `i + rd·j`.
struct ARIMAStateSpace: Sendable, Codable {
  /// The expanded AR polynomial `φ`.
  var phi: [Double]
  /// The expanded MA polynomial `θ`.
  var theta: [Double]
  /// The differencing coefficients (statsforecast's `Delta`).
  var delta: [Double]
  /// The state after the last observation filtered (`a`).
  var state: [Double]
  /// Its covariance, in units of the innovations' variance (`P`).
  var covariance: [Double]
  /// The predicted covariance of the next step (`Pn`); before filtering, the initial one.
  var predictedCovariance: [Double]

  /// The variance given to the differencing part of the initial state: a large number standing
  /// for a diffuse prior (statsforecast's `kappa`).
  static let diffuseVariance = 1e6

  /// The number of ARMA state components, `max(p, q + 1)`.
  var armaDimension: Int { max(phi.count, theta.count + 1) }
  /// The state's dimension `rd`.
  var dimension: Int { armaDimension + delta.count }

  /// The model with polynomials `phi` and `theta` and differencing `delta`, its state zero and
  /// its initial covariance the stationary one of the ARMA part (Gardner et al. 1980) beside
  /// `diffuseVariance` for the differencing part (statsforecast's `make_arima`).
  init(phi: [Double], theta: [Double], delta: [Double]) {
    self.phi = phi
    self.theta = theta
    self.delta = delta
    let rd = max(phi.count, theta.count + 1) + delta.count
    state = [Double](repeating: 0, count: rd)
    covariance = [Double](repeating: 0, count: rd * rd)
    predictedCovariance = [Double](repeating: 0, count: rd * rd)
    setStationaryCovariance()
    let r = armaDimension
    for i in 0..<delta.count { predictedCovariance[(r + i) + rd * (r + i)] = Self.diffuseVariance }
  }

  /// New polynomials of the same orders for the next likelihood evaluation, as statsforecast's
  /// `upARIMA`: the state is zeroed and the ARMA block of the initial covariance recomputed,
  /// while the rest of `predictedCovariance` keeps what the previous filtering left there.
  ///
  /// That last point is statsforecast's behaviour, kept so that its estimates are reproduced:
  /// its C++ filter writes the predicted covariance into the model's own array, and `upARIMA`
  /// restores only the ARMA block, so from the second evaluation on a differenced model starts
  /// with the (near-zero) variance its differencing states had at the end of the series instead
  /// of the diffuse one. The optimiser sees the first evaluation and the later ones disagree,
  /// and for differenced models it usually stops at its starting point — the CSS estimates
  /// under CSS-ML.
  mutating func update(phi: [Double], theta: [Double]) {
    precondition(max(phi.count, theta.count + 1) == armaDimension, "The orders of a model do not change between evaluations")
    self.phi = phi
    self.theta = theta
    setStationaryCovariance()
    for i in state.indices { state[i] = 0 }
  }

  /// Writes the stationary covariance of the ARMA part into the top-left block of
  /// `predictedCovariance`.
  private mutating func setStationaryCovariance() {
    let r = armaDimension, rd = dimension
    if r > 1 {
      let q0 = Self.stationaryCovariance(phi: phi, theta: theta)
      for j in 0..<r { for i in 0..<r { predictedCovariance[i + rd * j] = q0[i + r * j] } }
    } else {
      predictedCovariance[0] = phi.isEmpty ? 1 : 1 / (1 - phi[0] * phi[0])
    }
  }
}

extension ARIMAStateSpace {
  /// The largest state a saved model may hold: far above any seasonal ARIMA fitted here
  /// (`max(p + mP, q + mQ + 1) + d + mD` with m up to a few hundred), small enough that its
  /// covariance (`rd²` values) fits in memory.
  static let maximumDimension = 4096

  private enum CodingKeys: String, CodingKey {
    case phi, theta, delta, state, covariance, predictedCovariance
  }

  /// Reads a saved state space, checking that its arrays agree in size and hold finite numbers,
  /// so a damaged model file is refused instead of forecasting out of bounds.
  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    phi = try container.decode([Double].self, forKey: .phi)
    theta = try container.decode([Double].self, forKey: .theta)
    delta = try container.decode([Double].self, forKey: .delta)
    state = try container.decode([Double].self, forKey: .state)
    covariance = try container.decode([Double].self, forKey: .covariance)
    predictedCovariance = try container.decode([Double].self, forKey: .predictedCovariance)
    let rd = dimension
    func check(_ ok: Bool, _ key: CodingKeys, _ expected: @autoclosure () -> String) throws {
      guard ok else { throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: expected()) }
    }
    try check(rd <= Self.maximumDimension, .phi, "a state of at most \(Self.maximumDimension) components was expected, the polynomials give \(rd)")
    try check(state.count == rd, .state, "\(rd) values were expected (the state's dimension), found \(state.count)")
    try check(covariance.count == rd * rd, .covariance, "\(rd * rd) values were expected (\(rd) × \(rd)), found \(covariance.count)")
    try check(predictedCovariance.count == rd * rd, .predictedCovariance, "\(rd * rd) values were expected (\(rd) × \(rd)), found \(predictedCovariance.count)")
    for (key, values) in [(CodingKeys.phi, phi), (.theta, theta), (.delta, delta), (.state, state), (.covariance, covariance), (.predictedCovariance, predictedCovariance)] {
      try check(values.allSatisfy(\.isFinite), key, "finite numbers were expected, found \(values.first { !$0.isFinite }!)")
    }
  }
}
