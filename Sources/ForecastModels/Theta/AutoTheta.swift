import Foundation
import ForecastSeries

/// The theta method as statsforecast's `AutoTheta` (`models.py`, `theta.py`, `src/theta.cpp`):
/// the four state-space theta models of Fiorucci et al. (2016) — standard (θ = 2), optimised,
/// and their dynamic variants — fitted by minimising the in-sample squared one-step errors, the
/// best of them kept; seasonal series are deseasonalised first by a classical decomposition
/// (`ThetaSeasonalAdjustment`) and the season is put back on the forecasts.
///
/// ```swift
/// var theta = AutoTheta()                       // all four models, period of the series
/// try theta.fit(train)
/// let forecast = try theta.forecast(horizon: 12)
/// theta.fittedModel?.kind                       // .optimized, …
/// ```
///
/// `AutoTheta(model: .standard)` is statsforecast's `Theta`, `.optimized` its `OptimizedTheta`,
/// `.dynamicStandard` `DynamicTheta` and `.dynamicOptimized` `DynamicOptimizedTheta`.
/// Prediction intervals are not given (statsforecast draws them by simulation).
///
/// Fiorucci, J. A., Pellegrini, T. R., Louzada, F., Petropoulos, F. & Koehler, A. B. (2016).
/// Models for optimising the theta method and their relationship to state space models.
/// International Journal of Forecasting, 32(4), 1151–1161.
public struct AutoTheta: Forecaster, Codable {
  /// The model to fit; nil fits all four and keeps the one with the smallest `mse`, as
  /// statsforecast's default `model=None`.
  public var model: ThetaModelKind?
  /// The seasonal period; nil uses the series' (`seasonalPeriod`: 12 for monthly data, 4 for
  /// quarterly). Periods below 4 are never deseasonalised, as in statsforecast.
  public var seasonLength: Int?
  /// The decomposition of a seasonal series: multiplicative by default, as statsforecast; it
  /// falls back to additive for data that are not all positive.
  public var decompositionType: SeasonalDecomposition.Model
  /// What it was fitted on; nil before `fit`.
  public private(set) var profile: SeriesProfile?
  /// The fitted model; nil before `fit`.
  public private(set) var fittedModel: ThetaFit?
  public var calibration: ConformalCalibration?

  /// An unfitted theta forecaster.
  /// - Parameters:
  ///   - model: the one model to fit, or nil to choose among all four.
  ///   - seasonLength: the seasonal period, or nil for the series' own.
  ///   - decompositionType: how a seasonal series is deseasonalised.
  public init(model: ThetaModelKind? = nil, seasonLength: Int? = nil,
              decompositionType: SeasonalDecomposition.Model = .multiplicative) {
    self.model = model
    self.seasonLength = seasonLength
    self.decompositionType = decompositionType
  }

  /// `theta`.
  public var methodName: String { "theta" }

  /// The model chosen and its seasonal adjustment, as `OTM, multiplicative seasonal adjustment`.
  public var modelDescription: String? {
    fittedModel.map { fit in fit.kind.rawValue + (fit.seasonalAdjustment.map { ", \($0.decompositionType.rawValue) seasonal adjustment" } ?? ", no seasonal adjustment") }
  }

  /// Whether `fit` has run.
  public var isFitted: Bool { fittedModel != nil }

  /// Fits the theta model (or chooses among the four) on the series' first column.
  /// - Throws: `ModelError.invalidSetting` for a season length below 1;
  ///   `ModelError.unsuitableSeries` for fewer than four observations or values that are not
  ///   finite.
  public mutating func fit(_ series: TimeSeries) throws {
    let period = seasonLength ?? series.seasonalPeriod
    guard period >= 1 else { throw ModelError.invalidSetting("The season length must be at least 1, received \(period).") }
    let kinds = model.map { [$0] } ?? ThetaModelKind.allCases
    let fitted = try ThetaFit(values: series.values, period: period, kinds: kinds, decompositionType: decompositionType)
    profile = SeriesProfile(series, period: period)
    fittedModel = fitted
  }

  /// The `horizon` values after the series fitted on, dated at its frequency.
  /// - Throws: `ModelError.notFitted` before `fit`; `ModelError.invalidSetting` for a negative
  ///   horizon; `ModelError.unsuitableSeries` when the series' frequency is unknown.
  public func forecast(horizon: Int) throws -> ForecastResult {
    guard let profile, let fittedModel else { throw ModelError.notFitted(method: methodName) }
    return try Self.forecast(fittedModel, profile: profile, horizon: horizon)
  }

  /// The forecasts after `history` with the fitted model kind and parameters, as statsforecast's
  /// `forward` (`forward_theta`): the states are run over `history` without estimating anything;
  /// the seasonality test and decomposition are done afresh on `history` with the fitted period
  /// and this forecaster's `decompositionType` (statsforecast's `forward` always asks for a
  /// multiplicative one, the default).
  /// - Throws: `ModelError.notFitted` before `fit`; `ModelError.unsuitableSeries` as `fit`.
  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    guard let profile, let fittedModel else { throw ModelError.notFitted(method: methodName) }
    let refitted = try ThetaFit(values: history.values, period: profile.period, kinds: [fittedModel.kind],
                                decompositionType: decompositionType, fixed: fittedModel.parameters)
    return try Self.forecast(refitted, profile: SeriesProfile(history, period: profile.period), horizon: horizon)
  }

  private static func forecast(_ fitted: ThetaFit, profile: SeriesProfile, horizon: Int) throws -> ForecastResult {
    guard horizon >= 0 else { throw ModelError.invalidSetting("The horizon must be 0 or more, received \(horizon).") }
    return ForecastResult(dates: try profile.futureDates(horizon), values: try fitted.forecast(horizon: horizon))
  }

  enum CodingKeys: String, CodingKey {
    case model, profile, calibration
    case seasonLength = "season_length", decompositionType = "decomposition_type", fittedModel = "fitted_model"
  }
}
