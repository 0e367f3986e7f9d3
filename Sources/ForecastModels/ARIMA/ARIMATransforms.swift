import Foundation

/// The maps between an ARIMA model's coefficients and the polynomials of its state-space form,
/// as statsforecast's `src/arima.cpp` (`partrans`, `invpartrans`, `arima_transpar`,
/// `arima_undopars`, `arima_gradtrans`) and R's `arima.c`.
///
/// Coefficients are laid out as statsforecast's: `p` AR, `q` MA, `P` seasonal AR, `Q` seasonal
/// MA, then the regressor's.
enum ARIMATransforms {
  /// Maps `count` unconstrained values starting at `start` of `raw` to the coefficients of a
  /// stationary AR polynomial, written at `start` of `values`: the values' `tanh` are partial
  /// autocorrelations, turned into AR coefficients by the Durbin–Levinson recursion (Jones
  /// 1980; statsforecast's `partrans`).
  static func stationaryCoefficients(_ raw: [Double], start: Int, count: Int, into values: inout [Double]) {
    guard count > 0 else { return }
    for i in 0..<count { values[start + i] = tanh(raw[start + i]) }
    var work = Array(values[start..<(start + count)])
    for j in 1..<count {
      let a = values[start + j]
      for k in 0..<j { work[k] -= a * values[start + j - k - 1] }
      for k in 0..<j { values[start + k] = work[k] }
    }
  }

  /// The inverse of `stationaryCoefficients` (statsforecast's `invpartrans`): the unconstrained
  /// values of the `count` AR coefficients starting at `start` of `coefficients`, written at
  /// `start` of `values`. Coefficients of a non-stationary polynomial give NaN.
  static func unconstrainedValues(_ coefficients: [Double], start: Int, count: Int, into values: inout [Double]) {
    guard count > 0 else { return }
    for i in 0..<count { values[start + i] = coefficients[start + i] }
    var work = Array(coefficients[start..<(start + count)])
    var j = count - 1
    while j > 0 {
      let a = values[start + j]
      for k in 0..<j { work[k] = (values[start + k] + a * values[start + j - k - 1]) / (1 - a * a) }
      for k in 0..<j { values[start + k] = work[k] }
      j -= 1
    }
    for i in 0..<count { values[start + i] = atanh(values[start + i]) }
  }

  /// The expanded AR polynomial `φ` (length `p + m·P`) and MA polynomial `θ` (length `q + m·Q`)
  /// of the coefficients `parameters`, after mapping the AR parts to stationary ones when
  /// `transform` is set (statsforecast's `arima_transpar`): `φ(B)Φ(B^m)` and `θ(B)Θ(B^m)`
  /// multiplied out.
  static func polynomials(_ parameters: [Double], _ spec: ARIMASpecification, transform: Bool) -> (phi: [Double], theta: [Double]) {
    let mp = spec.order.p, mq = spec.order.q, msp = spec.seasonal.p, msq = spec.seasonal.q, ns = spec.period
    var params = parameters
    if transform {
      stationaryCoefficients(parameters, start: 0, count: mp, into: &params)
      stationaryCoefficients(parameters, start: mp + mq, count: msp, into: &params)
    }
    var phi = [Double](repeating: 0, count: mp + ns * msp)
    var theta = [Double](repeating: 0, count: mq + ns * msq)
    for i in 0..<mp { phi[i] = params[i] }
    for i in 0..<mq { theta[i] = params[mp + i] }
    for j in 0..<msp {
      phi[(j + 1) * ns - 1] += params[j + mp + mq]
      for i in 0..<mp { phi[(j + 1) * ns + i] -= params[i] * params[j + mp + mq] }
    }
    for j in 0..<msq {
      theta[(j + 1) * ns - 1] += params[j + mp + mq + msp]
      for i in 0..<mq { theta[(j + 1) * ns + i] += params[i + mp] * params[j + mp + mq + msp] }
    }
    return (phi, theta)
  }

  /// The coefficients with their AR parts mapped to stationary ones (statsforecast's
  /// `arima_undopars`).
  static func undoTransform(_ parameters: [Double], _ spec: ARIMASpecification) -> [Double] {
    var values = parameters
    stationaryCoefficients(parameters, start: 0, count: spec.order.p, into: &values)
    stationaryCoefficients(parameters, start: spec.order.p + spec.order.q, count: spec.seasonal.p, into: &values)
    return values
  }

  /// The inverse of `undoTransform` (statsforecast's `ARIMA_invtrans`).
  static func inverseTransform(_ parameters: [Double], _ spec: ARIMASpecification) -> [Double] {
    var values = parameters
    unconstrainedValues(parameters, start: 0, count: spec.order.p, into: &values)
    unconstrainedValues(parameters, start: spec.order.p + spec.order.q, count: spec.seasonal.p, into: &values)
    return values
  }

  /// The Jacobian of `undoTransform` at `parameters`, row-major, `[i][j]` = ∂ new_j / ∂ raw_i,
  /// by forward differences of step 10⁻³ (statsforecast's `arima_gradtrans`); the identity
  /// outside the AR blocks.
  static func transformJacobian(_ parameters: [Double], _ spec: ARIMASpecification) -> [Double] {
    let n = parameters.count
    var jacobian = [Double](repeating: 0, count: n * n)
    for i in 0..<n { jacobian[i * n + i] = 1 }
    let step = 1e-3
    for (start, count) in [(0, spec.order.p), (spec.order.p + spec.order.q, spec.seasonal.p)] where count > 0 {
      var w1 = Array(parameters[start..<(start + count)])
      var w2 = w1, w3 = w1
      stationaryCoefficients(w1, start: 0, count: count, into: &w2)
      for i in 0..<count {
        w1[i] += step
        stationaryCoefficients(w1, start: 0, count: count, into: &w3)
        for j in 0..<count { jacobian[n * (i + start) + j + start] = (w3[j] - w2[j]) / step }
        w1[i] -= step
      }
    }
    return jacobian
  }

  /// Whether every root of `1 − c₁z − … − c_k z^k` lies outside the circle of radius `radius`,
  /// `c` being `coefficients` up to the last whose magnitude exceeds 10⁻⁸. statsforecast's
  /// `myarima` finds the roots (`polyroots`) and rejects a model whose smallest root modulus is
  /// below 1.01; the same question is answered here by the Schur–Cohn step-down recursion on
  /// the polynomial scaled to the unit circle, which needs no eigenvalues. As in statsforecast,
  /// a polynomial whose only non-negligible coefficient is the first is not examined.
  static func rootsLieOutside(radius: Double, coefficients: [Double]) -> Bool {
    guard let last = coefficients.lastIndex(where: { abs($0) > 1e-8 }), last > 0 else { return true }
    var scaled = (0...last).map { coefficients[$0] * pow(radius, Double($0 + 1)) }
    guard scaled.allSatisfy(\.isFinite) else { return false }
    var work = scaled
    var j = last
    while j >= 0 {
      let a = scaled[j]
      guard abs(a) < 1 else { return false }
      for k in 0..<j { work[k] = (scaled[k] + a * scaled[j - k - 1]) / (1 - a * a) }
      for k in 0..<j { scaled[k] = work[k] }
      j -= 1
    }
    return true
  }
}
