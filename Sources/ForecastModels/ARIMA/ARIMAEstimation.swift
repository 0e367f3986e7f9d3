import Foundation

/// An ARIMA model of given orders fitted to a series: what statsforecast's `arima()` returns.
struct ARIMAEstimate: Sendable {
  /// The orders and period.
  var specification: ARIMASpecification
  /// The regressor fitted beside the ARMA terms.
  var regressor: ARIMARegressor
  /// The coefficients: `p` AR, `q` MA, `P` seasonal AR, `Q` seasonal MA, then the regressor's.
  var coefficients: [Double]
  /// How many coefficients were estimated (the others were fixed).
  var estimatedCount: Int
  /// The log likelihood reported (`-0.5·value` of statsforecast); for CSS, from the conditional
  /// sum of squares.
  var logLikelihood: Double
  /// Akaike's criterion; NaN for CSS.
  var aic: Double
  /// The innovations' variance as statsforecast's `arima()` returns it: the conditional sum of
  /// squares per term for CSS, the Kalman filter's `Σ v²/F` per observation used otherwise.
  var sigma2: Double
  /// The standardised innovations of the Kalman filter (CSS residuals for CSS).
  var residuals: [Double]
  /// The state-space form with the state filtered to the end of the series.
  var stateSpace: ARIMAStateSpace
  /// Whether the estimated coefficients' variance matrix has a non-negative diagonal
  /// (statsforecast's `checkarima` fails when it has not).
  var varianceIsValid: Bool
}

/// Estimation of an ARIMA model of given orders, as statsforecast's `arima()` (R's
/// `stats::arima`): a regression on the intercept or drift with ARMA errors, its coefficients
/// found by BFGS on the conditional sum of squares (CSS), the exact Gaussian likelihood (ML,
/// through the Kalman filter, with the AR parts kept stationary by Jones' transformation), or
/// the first as a start for the second (CSS-ML).
enum ARIMAEstimation {
  /// scipy's `gtol` as statsforecast sets it (`tol=1e-8`).
  static let gradientTolerance = 1e-8
  /// statsforecast's `optim_control={"maxiter": 100}`.
  static let maxIterations = 100

  /// Fits the model `spec` with `regressor` to `x` by `method`. `fixed`, when given, holds every
  /// coefficient's value (ARMA then regressor); then nothing is estimated and the likelihood is
  /// evaluated at them, as statsforecast's `fixed` with no NaN.
  ///
  /// For CSS, statsforecast leaves the state at zero, so its forecasts are zero; here the
  /// Kalman filter is run at the CSS estimates, as R's `arima` does, so that CSS forecasts
  /// from the end of the series.
  /// - Throws: `ModelError.unsuitableSeries` when no observation is left after differencing.
  static func fit(_ x: [Double], _ spec: ARIMASpecification, regressor: ARIMARegressor, method: ARIMAMethod,
                  fixed: [Double]? = nil) throws(ModelError) -> ARIMAEstimate {
    let n = x.count
    let narma = spec.armaCount
    let delta = spec.delta
    let column = regressor.column(count: n)
    let parameterCount = narma + (column == nil ? 0 : 1)
    precondition(fixed == nil || fixed!.count == parameterCount, "One fixed value per coefficient")
    let observationsUsed = n - delta.count
    guard observationsUsed > 0 else {
      throw .unsuitableSeries("An ARIMA model with \(spec.order.d) differences and \(spec.seasonal.d) seasonal differences of period \(spec.period) needs more than \(delta.count) observations; the series has \(n).")
    }
    if method != .ml && spec.conditioningCount > n {
      throw .unsuitableSeries("The conditional sum of squares of \(spec.orderText) conditions on \(spec.conditioningCount) observations (p + d + m·(P + D)); the series has \(n). Use a longer series or smaller orders.")
    }
    let estimated = fixed == nil && parameterCount > 0
    let transform = estimated && method != .css

    // Starting values: zero ARMA coefficients, the regressor's by least squares on the
    // differenced series.
    var initial = [Double](repeating: 0, count: narma)
    if let column {
      var dx = x, dxreg = column
      for _ in 0..<spec.order.d {
        dx = difference(dx, lag: 1)
        dxreg = difference(dxreg, lag: 1)
      }
      if spec.period > 1 {
        for _ in 0..<spec.seasonal.d {
          dx = difference(dx, lag: spec.period)
          dxreg = difference(dxreg, lag: spec.period)
        }
      }
      var cross = 0.0, square = 0.0
      for i in dx.indices {
        cross += dxreg[i] * dx[i]
        square += dxreg[i] * dxreg[i]
      }
      initial.append(cross / square)
    }

    func adjusted(_ parameters: [Double]) -> [Double] {
      guard let column else { return x }
      let beta = parameters[narma]
      return (0..<n).map { x[$0] - column[$0] * beta }
    }
    func cssObjective(_ parameters: [Double]) -> Double {
      let (phi, theta) = ARIMATransforms.polynomials(parameters, spec, transform: false)
      let value = conditionalSumOfSquares(adjusted(parameters), spec, phi: phi, theta: theta)
      if value.isInfinite { return .greatestFiniteMagnitude }
      if value <= 0 { return -.infinity }
      return 0.5 * log(value)
    }

    var coefficients = fixed ?? initial
    var residuals = [Double](repeating: 0, count: n)
    var varianceIsValid = true
    var objectiveValue = 0.0
    var sigma2 = 0.0
    let stateSpace: ARIMAStateSpace

    if method == .css {
      if estimated {
        let found = BFGS.minimize(cssObjective, from: initial, gradientTolerance: gradientTolerance, maxIterations: maxIterations)
        coefficients = found.x
        objectiveValue = found.value
        varianceIsValid = (0..<parameterCount).allSatisfy { found.inverseHessian[$0 * (parameterCount + 1)] >= 0 }
      }
      let (phi, theta) = ARIMATransforms.polynomials(coefficients, spec, transform: false)
      let series = adjusted(coefficients)
      sigma2 = residuals.withUnsafeMutableBufferPointer {
        conditionalSumOfSquares(series, spec, phi: phi, theta: theta, residuals: $0)
      }
      var filtered = ARIMAStateSpace(phi: phi, theta: theta, delta: delta)
      _ = series.withUnsafeBufferPointer { filtered.filter($0) }
      stateSpace = filtered
    } else {
      var start = initial
      if method == .cssML && estimated {
        let css = BFGS.minimize(cssObjective, from: initial, gradientTolerance: gradientTolerance, maxIterations: maxIterations)
        if css.status != .maximumIterations { start = css.x }
      }
      if transform { start = ARIMATransforms.inverseTransform(start, spec) }
      // One model for every evaluation, as statsforecast's `mod`: see `ARIMAStateSpace.update`.
      let (phi0, theta0) = ARIMATransforms.polynomials(fixed ?? start, spec, transform: transform)
      var model = ARIMAStateSpace(phi: phi0, theta: theta0, delta: delta)
      let likelihoodObjective: ([Double]) -> Double = { parameters in
        let (phi, theta) = ARIMATransforms.polynomials(parameters, spec, transform: transform)
        model.update(phi: phi, theta: theta)
        let series = adjusted(parameters)
        let filtered = series.withUnsafeBufferPointer { model.filter($0) }
        if filtered.count == 0 { return .infinity }
        let s2 = filtered.sumOfSquares / Double(filtered.count)
        if s2 <= 0 { return .nan }
        return 0.5 * (log(s2) + filtered.sumOfLogs / Double(filtered.count))
      }
      if estimated {
        let found = BFGS.minimize(likelihoodObjective, from: start, gradientTolerance: gradientTolerance, maxIterations: maxIterations)
        varianceIsValid = Self.transformedVarianceIsValid(found.inverseHessian, at: found.x, spec)
        coefficients = ARIMATransforms.undoTransform(found.x, spec)
        // statsforecast re-runs CSS from a NaN estimate, which gives NaN again.
        objectiveValue = found.x.contains(where: \.isNaN) ? .nan : found.value
      } else {
        objectiveValue = likelihoodObjective(coefficients)
      }
      let (phi, theta) = ARIMATransforms.polynomials(coefficients, spec, transform: false)
      var filtered = ARIMAStateSpace(phi: phi, theta: theta, delta: delta)
      let series = adjusted(coefficients)
      let sums = series.withUnsafeBufferPointer { y in
        residuals.withUnsafeMutableBufferPointer { filtered.filter(y, residuals: $0) }
      }
      sigma2 = sums.sumOfSquares / Double(observationsUsed)
      stateSpace = filtered
    }

    // statsforecast's `value`, −2 log L, from the optimiser's last value of the objective.
    let used = Double(observationsUsed)
    let value = 2 * used * objectiveValue + used + used * log(2 * Double.pi)
    let estimatedCount = estimated ? parameterCount : 0
    return ARIMAEstimate(
      specification: spec, regressor: regressor, coefficients: coefficients, estimatedCount: estimatedCount,
      logLikelihood: -0.5 * value, aic: method == .css ? .nan : value + 2 * Double(estimatedCount + 1), sigma2: sigma2,
      residuals: residuals, stateSpace: stateSpace, varianceIsValid: varianceIsValid)
  }

  /// Whether the variance of the coefficients, `Aᵀ H A / n` with `H` the optimiser's inverse
  /// Hessian in the transformed coordinates and `A` the transformation's Jacobian at `raw`
  /// (statsforecast's `var_coef`), has a non-negative diagonal; the `n` does not change the sign.
  private static func transformedVarianceIsValid(_ h: [Double], at raw: [Double], _ spec: ARIMASpecification) -> Bool {
    let k = raw.count
    let a = ARIMATransforms.transformJacobian(raw, spec)
    for column in 0..<k {
      var diagonal = 0.0
      for i in 0..<k {
        var solved = 0.0
        for j in 0..<k { solved += h[i * k + j] * a[j * k + column] }
        diagonal += a[i * k + column] * solved
      }
      if !(diagonal >= 0) { return false }
    }
    return true
  }

  /// statsforecast's `diff(x, lag, 1)`: the `lag`-differences, `lag` values shorter.
  static func difference(_ x: [Double], lag: Int) -> [Double] {
    guard x.count > lag else { return [] }
    return (lag..<x.count).map { x[$0] - x[$0 - lag] }
  }
}
