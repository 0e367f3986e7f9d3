import Foundation
import ForecastSeries

/// An ARIMA model of fixed orders `(p,d,q)(P,D,Q)[m]` as statsforecast's `ARIMA` (`models.py`,
/// `arima.py`: `Arima`, `arima`; `src/arima.cpp`), R's `stats::arima` ported: a regression on a
/// mean or drift with seasonal ARMA errors, fitted by conditional sum of squares for a start and
/// then exact Gaussian maximum likelihood through the Kalman filter (the AR parts kept stationary
/// by Jones' reparametrisation), forecast with analytic normal prediction intervals.
///
/// ```swift
/// var airline = ARIMA(order: ARIMAOrder(0, 1, 1), seasonalOrder: ARIMAOrder(0, 1, 1))
/// try airline.fit(train)                       // the series' period, 12 for monthly data
/// airline.fittedModel?.coefficients            // [ma1, sma1]
/// let forecast = try airline.forecast(horizon: 12, levels: [80, 95])
/// ```
///
/// The estimates are statsforecast's, quirks included: its likelihood keeps part of the Kalman
/// filter's memory from one evaluation to the next (see `ARIMAStateSpace.update`), so for a
/// differenced model the maximum-likelihood stage usually stays at the CSS estimates, and the
/// reported likelihood is the exact one there. MA polynomials are not made invertible
/// (statsforecast's `maInvert` returns its input). Under `.css` the Kalman filter is run at the
/// estimates so that forecasts start from the end of the series, as R does (statsforecast
/// forecasts from a zero state).
///
/// Harvey, A. C. & McKenzie, C. R. (1982), Gardner, G., Harvey, A. C. & Phillips, G. D. A. (1980)
/// and Jones, R. H. (1980) for the filter, its initial covariance and the reparametrisation;
/// Hyndman, R. J. & Athanasopoulos, G., Forecasting: Principles and Practice, ch. 9.
public struct ARIMA: ARIMAForecasting, Codable, CustomStringConvertible {
  /// `(p, d, q)`.
  public var order: ARIMAOrder
  /// `(P, D, Q)`.
  public var seasonalOrder: ARIMAOrder
  /// The seasonal period; nil uses the series' (12 for monthly data, 4 for quarterly).
  public var seasonLength: Int?
  /// Whether an undifferenced model has a non-zero mean (statsforecast's `include_mean`).
  public var includeMean: Bool
  /// Whether a model differenced once (`d + D = 1`) has a drift; ignored, with a note, for more
  /// differences (statsforecast's `include_drift`).
  public var includeDrift: Bool
  /// How the coefficients are estimated.
  public var method: ARIMAMethod

  /// What it was fitted on; nil before `fit`.
  public private(set) var profile: SeriesProfile?
  /// The fitted model; nil before `fit`.
  public private(set) var fittedModel: ARIMAModel?
  /// What `fit` changed from the settings: a drift dropped, a constant series. Empty for an
  /// ordinary fit.
  public private(set) var notes: [String] = []
  public var calibration: ConformalCalibration?

  /// An unfitted ARIMA forecaster; by default `ARIMA(0,0,0)` with a mean, estimated by CSS-ML.
  public init(order: ARIMAOrder = .none, seasonalOrder: ARIMAOrder = .none, seasonLength: Int? = nil,
              includeMean: Bool = true, includeDrift: Bool = false, method: ARIMAMethod = .cssML) {
    self.order = order
    self.seasonalOrder = seasonalOrder
    self.seasonLength = seasonLength
    self.includeMean = includeMean
    self.includeDrift = includeDrift
    self.method = method
  }

  /// `fixed-arima` (`arima` is `AutoARIMA`).
  public var methodName: String { "fixed-arima" }


  /// Whether `fit` has run.
  public var isFitted: Bool { fittedModel != nil }

  /// The fitted model as statsforecast's `arima_string` writes it, or the orders asked for
  /// before `fit`: `ARIMA(0,1,1)(0,1,1)[12]` (`[m]` while the season length is the series').
  public var description: String {
    if let fittedModel { return fittedModel.description }
    return "ARIMA\(order)" + (seasonalOrder.isEmpty ? "" : "\(seasonalOrder)[\(seasonLength.map(String.init) ?? "m")]")
  }

  /// Estimates the coefficients on the series' first column.
  ///
  /// A constant series cannot be estimated on; the model then is its value with no uncertainty
  /// (`ARIMA(0,0,0)` with that mean), as statsforecast forecasts constant series, and `notes` says so.
  /// - Throws: `ModelError.invalidSetting` for a negative order, a seasonal order without a
  ///   seasonal period of at least 2, or a drift on an undifferenced model with a mean;
  ///   `ModelError.unsuitableSeries` for values that are not finite, a series too short for the
  ///   orders or for the number of coefficients, or an estimation that fails.
  public mutating func fit(_ series: TimeSeries) throws {
    let period = seasonLength ?? series.seasonalPeriod
    for (name, value) in [("p", order.p), ("d", order.d), ("q", order.q), ("P", seasonalOrder.p),
                          ("D", seasonalOrder.d), ("Q", seasonalOrder.q)] where value < 0 {
      throw ModelError.invalidSetting("ARIMA orders must be 0 or more, received \(name) = \(value).")
    }
    if !seasonalOrder.isEmpty && period < 2 {
      throw ModelError.invalidSetting("A seasonal order \(seasonalOrder) needs a season length of at least 2, received \(period).")
    }
    let spec = ARIMASpecification(order: order, seasonal: seasonalOrder, period: max(period, 1))
    let values = try ARIMAModel.finiteValues(of: series, method: methodName)
    guard values.count > spec.differencedAway else {
      throw ModelError.unsuitableSeries("\(spec.orderText) needs more than d + m·D = \(spec.differencedAway) observations; the series has \(values.count).")
    }
    var notes: [String] = []
    let model: ARIMAModel
    if ARIMADifferencing.isConstant(values) {
      let constant = ARIMASpecification(order: .none, seasonal: .none, period: spec.period)
      let estimate = try ARIMAEstimation.fit(values, constant, regressor: .intercept, method: .css, fixed: [values[0]])
      model = ARIMAModel(estimate, values: values, method: method)
      notes.append("The series is constant, so \(spec.orderText) cannot be estimated; the model is its value, forecast with no uncertainty.")
    } else {
      let regressor = try regressor(for: spec, notes: &notes)
      let estimate = try ARIMAEstimation.fit(values, spec, regressor: regressor, method: method)
      guard estimate.coefficients.allSatisfy(\.isFinite) else {
        throw ModelError.unsuitableSeries("\(spec.orderText) could not be estimated on this series: the optimisation diverged (coefficients \(estimate.coefficients)). Try other orders or AutoARIMA.")
      }
      guard estimate.logLikelihood.isFinite || method == .css, estimate.stateSpace.state.allSatisfy(\.isFinite) else {
        throw ModelError.unsuitableSeries("\(spec.orderText) could not be estimated on this series: its likelihood is undefined at the estimates \(estimate.coefficients). Try other orders or AutoARIMA.")
      }
      model = ARIMAModel(estimate, values: values, method: method)
      guard model.sigma2.isFinite && model.sigma2 >= 0 else {
        throw ModelError.unsuitableSeries("\(spec.orderText) estimates \(estimate.estimatedCount) coefficients from only \(values.count - spec.differencedAway) observations left after differencing, too few to estimate the innovations' variance; use a longer series or smaller orders.")
      }
    }
    profile = SeriesProfile(series, period: spec.period)
    fittedModel = model
    self.notes = notes
  }

  /// The regressor statsforecast's `Arima` gives `spec` with these settings.
  private func regressor(for spec: ARIMASpecification, notes: inout [String]) throws(ModelError) -> ARIMARegressor {
    var drift = includeDrift
    if drift && spec.differences > 1 {
      notes.append("No drift was fitted: a model with \(spec.differences) differences would turn it into a polynomial trend.")
      drift = false
    }
    switch (spec.differences, drift) {
    case (0, true) where includeMean:
      throw .invalidSetting("A drift with a mean on an undifferenced model (a linear trend with ARMA errors) is not supported; use d = 1 or D = 1, or turn off includeMean.")
    case (_, true): return .drift
    case (0, false) where includeMean: return .intercept
    default: return .none
    }
  }

  enum CodingKeys: String, CodingKey {
    case order, method, profile, notes, calibration
    case seasonalOrder = "seasonal_order", seasonLength = "season_length", includeMean = "include_mean"
    case includeDrift = "include_drift", fittedModel = "fitted_model"
  }
}
