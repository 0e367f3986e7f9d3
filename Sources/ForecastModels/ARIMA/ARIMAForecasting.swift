import ForecastSeries

/// What `ARIMA` and `AutoARIMA` share once fitted: forecasting from their `ARIMAModel`.
protocol ARIMAForecasting: Forecaster {
  /// The fitted model; nil before `fit`.
  var fittedModel: ARIMAModel? { get }
}

extension ARIMAForecasting {
  /// The `horizon` values after the series fitted on, dated at its frequency.
  /// - Throws: `ModelError.notFitted` before `fit`; `ModelError.invalidSetting` for a negative
  ///   horizon; `ModelError.unsuitableSeries` when the series' frequency is unknown.
  public func forecast(horizon: Int) throws -> ForecastResult {
    try ARIMAModel.forecast(fittedModel, profile: profile, horizon: horizon, levels: [], after: nil, method: methodName)
  }

  /// The `horizon` values after `history`, from the fitted model and coefficients run over
  /// `history` without estimating or choosing anything again (statsforecast's `forward`).
  /// - Throws: as `forecast(horizon:)`; `ModelError.unsuitableSeries` when `history` has a value
  ///   that is not finite or is too short for the model's differences.
  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    try ARIMAModel.forecast(fittedModel, profile: profile, horizon: horizon, levels: [], after: history, method: methodName)
  }

  /// Normal prediction intervals at `levels` percent from the model's forecast standard errors,
  /// as statsforecast's `predict(h, level=levels)`.
  /// - Throws: as `forecast(horizon:)` and `forecast(horizon:after:)`; `ModelError.invalidSetting`
  ///   for a level outside (0, 100).
  public func analyticIntervals(horizon: Int, levels: [Double], after history: TimeSeries?) throws -> [PredictionInterval]? {
    try ARIMAModel.forecast(fittedModel, profile: profile, horizon: horizon, levels: levels, after: history, method: methodName).intervals
  }

  /// The fitted model as statsforecast's `arima_string` writes it.
  public var modelDescription: String? { fittedModel?.description }
}
