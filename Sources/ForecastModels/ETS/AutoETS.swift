import Foundation
import ForecastSeries

/// Exponential smoothing state-space models, chosen automatically — statsforecast's
/// `AutoETS(season_length:, model: "ZZZ", damped: None)`, a port of R forecast's `ets()`
/// (Hyndman & Khandakar 2008): every allowed combination of error (A, M), trend (N, A, damped A)
/// and season (N, A, M) is fitted by maximum likelihood and the one with the smallest AICc kept.
/// A fixed model is fitted through the same type: `AutoETS(model: "AAdA")`.
///
/// ```swift
/// var ets = AutoETS()                                   // seasonLength: the series' period
/// try ets.fit(train)
/// print(ets.fittedModel!.specification)                 // ETS(A,A,A)
/// let forecast = try ets.forecast(horizon: 12, levels: [80, 95])
/// ```
public struct AutoETS: Forecaster, Codable {
  /// The model string: error, trend, season — A, M, N, or Z to choose — with `d` after a damped
  /// trend (`"ZZZ"`, `"AAdA"`, `"MNM"`), as statsforecast's `model`.
  public var model: String
  /// Whether the trend is damped; nil tries both (statsforecast's `damped`).
  public var damped: Bool?
  /// The seasonal period; nil takes the series' `seasonalPeriod` (12 for monthly data).
  public var seasonLength: Int?
  /// What the model was fitted on; nil before `fit`.
  public private(set) var profile: SeriesProfile?
  /// The fitted model: its specification, parameters, states and criteria; nil before `fit`.
  public private(set) var fittedModel: ETSModel?
  public var calibration: ConformalCalibration?

  /// An unfitted forecaster with statsforecast's defaults: automatic choice among all models
  /// (`"ZZZ"`, damped or not), the series' seasonal period.
  /// - Parameters:
  ///   - model: the model string, `"ZZZ"` by default.
  ///   - damped: whether the trend is damped; nil (the default) tries both.
  ///   - seasonLength: the seasonal period; nil (the default) takes the series'.
  public init(model: String = "ZZZ", damped: Bool? = nil, seasonLength: Int? = nil) {
    self.model = model
    self.damped = damped
    self.seasonLength = seasonLength
  }

  /// `ets`.
  public var methodName: String { "ets" }

  /// The model chosen, as `ETS(A,Ad,A)`.
  public var modelDescription: String? { fittedModel.map { "\($0.specification)" } }

  /// Whether `fit` has run.
  public var isFitted: Bool { fittedModel != nil }

  /// Fits the model (or chooses it, for a string with `Z`) on `series`' first column.
  /// - Throws: `ModelError.invalidSetting` for a model string or season length that is not
  ///   allowed; `ModelError.unsuitableSeries` when the series is too short, has missing values,
  ///   or cannot take the model (values ≤ 0 for a multiplicative one).
  public mutating func fit(_ series: TimeSeries) throws {
    let period = seasonLength ?? series.seasonalPeriod
    let fitted = try ETSModel.fit(series.values, seasonLength: period, model: model, damped: damped)
    profile = SeriesProfile(series, period: fitted.seasonLength)
    fittedModel = fitted
  }

  /// The `horizon` values after the fitted series, dated.
  /// - Throws: `ModelError.notFitted` before `fit`; `ModelError.invalidSetting` for a negative
  ///   horizon.
  public func forecast(horizon: Int) throws -> ForecastResult {
    guard let fittedModel, let profile else { throw ModelError.notFitted(method: methodName) }
    return try Self.forecast(fittedModel, profile: profile, horizon: horizon, levels: [])
  }

  /// The `horizon` values after `history`, from the parameters and initial states fitted before,
  /// run over `history` without estimating them again (statsforecast's `forward`): `history`
  /// starts where the fitted series started, typically it with newer values appended.
  /// - Throws: `ModelError.notFitted` before `fit`; `ModelError.unsuitableSeries` for a history
  ///   with missing values.
  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    guard let fittedModel else { throw ModelError.notFitted(method: methodName) }
    let applied = try fittedModel.applied(to: history.values)
    return try Self.forecast(applied, profile: SeriesProfile(history, period: applied.seasonLength), horizon: horizon, levels: [])
  }

  /// statsforecast's analytic ETS intervals (`ETSModel.predictionIntervals`) at `levels` percent.
  /// - Throws: as `forecast(horizon:)` and `forecast(horizon:after:)`; `ModelError.invalidSetting`
  ///   for a level outside (0, 100).
  public func analyticIntervals(horizon: Int, levels: [Double], after history: TimeSeries?) throws -> [PredictionInterval]? {
    guard var model = fittedModel, let profile else { throw ModelError.notFitted(method: methodName) }
    if let history { model = try model.applied(to: history.values) }
    return try Self.forecast(model, profile: history.map { SeriesProfile($0, period: model.seasonLength) } ?? profile, horizon: horizon, levels: levels).intervals
  }

  private static func forecast(_ model: ETSModel, profile: SeriesProfile, horizon: Int, levels: [Double]) throws -> ForecastResult {
    guard horizon >= 0 else { throw ModelError.invalidSetting("The horizon must be 0 or more steps, received \(horizon).") }
    let values = model.forecast(horizon: horizon)
    let intervals = try model.predictionIntervals(horizon: horizon, levels: levels)
    let bounds = intervals.flatMap { $0.lower + $0.upper }
    guard (values + bounds).allSatisfy(\.isFinite) else {
      throw ModelError.unsuitableSeries("The \(model.specification) model's forecasts from this series are not finite: its states have left the range the model can forecast from. Fit the model again on this series.")
    }
    return ForecastResult(dates: try profile.futureDates(horizon), values: values, intervals: intervals)
  }

  enum CodingKeys: String, CodingKey {
    case model, damped, profile, calibration
    case seasonLength = "season_length", fittedModel = "fitted_model"
  }
}
