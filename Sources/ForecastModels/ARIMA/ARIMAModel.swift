import Foundation

/// A fitted ARIMA model: its orders, coefficients, innovations' variance and information
/// criteria, and the Kalman filter's state at the end of the series, from which it forecasts
/// (statsforecast's fitted `model_` dictionary).
///
/// `description` is statsforecast's `arima_string`: `ARIMA(1,1,1)(0,1,1)[12]`,
/// `ARIMA(1,0,0)(0,1,1)[4] with drift`, `ARIMA(2,0,0) with non-zero mean`.
public struct ARIMAModel: Sendable, Codable, CustomStringConvertible {
  /// `(p, d, q)`.
  public let order: ARIMAOrder
  /// `(P, D, Q)`.
  public let seasonalOrder: ARIMAOrder
  /// The seasonal period `m`.
  public let period: Int
  /// How the coefficients were estimated.
  public let method: ARIMAMethod
  /// The coefficients' names, statsforecast's: `ar1…`, `ma1…`, `sar1…`, `sma1…`, then
  /// `intercept` or `drift`.
  public let coefficientNames: [String]
  /// The coefficients, in the order of `coefficientNames`.
  public let coefficients: [Double]
  /// The innovations' variance: the sum of squared residuals over `n − d − m·D − k` for `k`
  /// estimated coefficients, as statsforecast's `Arima` and `auto_arima` report it.
  public let sigma2: Double
  /// The log likelihood (from the conditional sum of squares for CSS).
  public let logLikelihood: Double
  /// Akaike's information criterion; NaN for CSS.
  public let aic: Double
  /// The AIC corrected for small samples, `AIC + 2k(k + 1)/(n* − k − 1)` with `k` the estimated
  /// coefficients plus one and `n* = n − d − m·D`.
  public let aicc: Double
  /// The Bayesian information criterion, `AIC + k(log n* − 2)`.
  public let bic: Double

  /// The regressor beside the ARMA terms.
  let regressor: ARIMARegressor
  /// The number of observations fitted on (the drift's last time index).
  private(set) var count: Int
  /// The series' value when it was constant: then forecasts repeat it with no uncertainty, as
  /// statsforecast's `forecast_arima` does.
  private(set) var constantValue: Double?
  /// The state-space form, filtered to the end of the series.
  private(set) var stateSpace: ARIMAStateSpace

  /// The model `estimate` fitted to `values` by `method`, with statsforecast's information
  /// criteria and residual variance (`Arima`, `myarima`).
  init(_ estimate: ARIMAEstimate, values: [Double], method: ARIMAMethod) {
    let spec = estimate.specification
    order = spec.order
    seasonalOrder = spec.seasonal
    period = spec.period
    self.method = method
    regressor = estimate.regressor
    coefficientNames = spec.coefficientNames + (estimate.regressor.coefficientName.map { [$0] } ?? [])
    coefficients = estimate.coefficients
    logLikelihood = estimate.logLikelihood
    let k = Double(estimate.estimatedCount + 1)
    let nstar = Double(values.count - spec.differencedAway)
    aic = estimate.aic
    (aicc, bic) = Self.criteria(aic: aic, parameters: k, observations: nstar)
    sigma2 = estimate.residuals.reduce(0) { $1.isNaN ? $0 : $0 + $1 * $1 } / (nstar - k + 1)
    count = values.count
    constantValue = values.allSatisfy { $0 == values[0] } ? values.first : nil
    stateSpace = estimate.stateSpace
  }

  /// The AICc and BIC of a model with Akaike's criterion `aic`, `parameters` estimated values
  /// (coefficients and the variance) and `observations` left after differencing, as
  /// statsforecast's `myarima` computes them.
  static func criteria(aic: Double, parameters k: Double, observations nstar: Double) -> (aicc: Double, bic: Double) {
    (nstar - k - 1 != 0 ? aic + 2 * k * (k + 1) / (nstar - k - 1) : .infinity, aic + k * (log(nstar) - 2))
  }

  /// statsforecast's `arima_string`, without its padding.
  public var description: String {
    let orders = ARIMASpecification(order: order, seasonal: seasonalOrder, period: period).orderText
    switch regressor {
    case .drift: return orders + " with drift"
    case .intercept: return orders + " with non-zero mean"
    case .none: return order.d == 0 && seasonalOrder.d == 0 ? orders + " with zero mean" : orders
    }
  }

  /// The orders and period.
  var specification: ARIMASpecification { ARIMASpecification(order: order, seasonal: seasonalOrder, period: period) }

  /// The point forecasts and their standard errors for the `horizon` steps after the series
  /// (statsforecast's `forecast_arima` and `predict_arima`): the Kalman filter's predictions
  /// plus the intercept or the drift continued.
  func forecast(horizon: Int) -> (mean: [Double], standardErrors: [Double]) {
    if let constantValue {
      return ([Double](repeating: constantValue, count: horizon), [Double](repeating: 0, count: horizon))
    }
    var (mean, variance) = stateSpace.forecast(horizon: horizon)
    if let column = regressor.column(count: horizon, offset: count) {
      let beta = coefficients[coefficients.count - 1]
      for i in 0..<horizon { mean[i] += column[i] * beta }
    }
    return (mean, variance.map { ($0 * sigma2).squareRoot() })
  }

  /// The model with its coefficients and variance kept and its state filtered over `values`
  /// instead — statsforecast's `forward_arima` (`arima2`), whose drift regressor is refitted to
  /// the new time index, which makes it `1…n` again.
  /// - Throws: `ModelError.unsuitableSeries` when `values` is no longer than `d + m·D`.
  func filtered(on values: [Double]) throws(ModelError) -> ARIMAModel {
    let spec = specification
    guard values.count > spec.differencedAway else {
      throw .unsuitableSeries("The \(description) model needs more than \(spec.differencedAway) observations to forecast from; the series has \(values.count).")
    }
    var model = self
    var series = values
    if let column = regressor.column(count: values.count) {
      let beta = coefficients[coefficients.count - 1]
      for i in series.indices { series[i] -= column[i] * beta }
    }
    var stateSpace = ARIMAStateSpace(phi: stateSpace.phi, theta: stateSpace.theta, delta: stateSpace.delta)
    _ = series.withUnsafeBufferPointer { stateSpace.filter($0) }
    model.stateSpace = stateSpace
    model.count = values.count
    model.constantValue = values.allSatisfy { $0 == values[0] } ? values.first : nil
    return model
  }

  enum CodingKeys: String, CodingKey {
    case order, period, method, coefficients, sigma2, aic, aicc, bic, regressor, count
    case seasonalOrder = "seasonal_order", coefficientNames = "coefficient_names", logLikelihood = "log_likelihood"
    case constantValue = "constant_value", stateSpace = "state_space"
  }
}
