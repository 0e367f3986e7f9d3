import Foundation
import ForecastSeries

/// Automatic ARIMA as statsforecast's `AutoARIMA` (`models.py`, `arima.py`: `auto_arima_f`), a
/// port of R forecast's `auto.arima`: the Hyndman–Khandakar algorithm. The number of differences
/// `d` comes from repeated KPSS tests, the seasonal ones `D` from the seasonal strength of an STL
/// decomposition; then a stepwise search from `ARIMA(2,d,2)(1,D,1)[m]` moves `p, q, P, Q` (and
/// the drift or mean) one at a time while the AICc improves, each model fitted by CSS-ML (see
/// `ARIMA`; by CSS with an approximate criterion on long series), models with roots near the
/// unit circle rejected.
///
/// ```swift
/// var model = AutoARIMA()                          // statsforecast's defaults (R's approximation rule), the series' period
/// try model.fit(train)
/// model.orderDescription                           // "ARIMA(0,1,1)(0,1,1)[12]"
/// let forecast = try model.forecast(horizon: 12, levels: [80, 95])
/// ```
///
/// Defaults are statsforecast's `AutoARIMA`'s: `maxP = 5`, `maxQ = 5`, `maxSeasonalP = 2`,
/// `maxSeasonalQ = 2`, `maxD = 2`, `maxSeasonalD = 1`, starts `(2, 2, 1, 1)`, AICc, at most 94
/// models, drift and mean allowed — except `approximation`, which follows R's `auto.arima` (and
/// statsforecast's `auto_arima_f`): series longer than 150 observations, or with seasons longer
/// than 12, are searched with CSS fits and the best refitted by CSS-ML, about ten times faster
/// with the same accuracy on the accuracy set; `approximation: false` is statsforecast's
/// `AutoARIMA` exactly. Only the stepwise search is offered. `--method arima` means this
/// forecaster.
///
/// Hyndman, R. J. & Khandakar, Y. (2008). Automatic time series forecasting: the forecast
/// package for R. Journal of Statistical Software, 27(3).
public struct AutoARIMA: ARIMAForecasting, Codable {
  /// The seasonal period; nil uses the series' (12 for monthly data, 4 for quarterly).
  public var seasonLength: Int?
  /// The number of differences; nil chooses it by KPSS tests (statsforecast's `d`).
  public var d: Int?
  /// The number of seasonal differences; nil chooses it by the seasonal strength
  /// (statsforecast's `D`).
  public var seasonalD: Int?
  /// The largest AR order `p` searched.
  public var maxP: Int
  /// The largest MA order `q` searched.
  public var maxQ: Int
  /// The largest seasonal AR order `P` searched.
  public var maxSeasonalP: Int
  /// The largest seasonal MA order `Q` searched.
  public var maxSeasonalQ: Int
  /// The largest number of differences chosen.
  public var maxD: Int
  /// The largest number of seasonal differences chosen.
  public var maxSeasonalD: Int
  /// The `p` the search starts from.
  public var startP: Int
  /// The `q` the search starts from.
  public var startQ: Int
  /// The `P` the search starts from.
  public var startSeasonalP: Int
  /// The `Q` the search starts from.
  public var startSeasonalQ: Int
  /// Whether only stationary models (no differences) are searched.
  public var stationary: Bool
  /// Whether seasonal models are searched at all.
  public var seasonal: Bool
  /// The criterion models are compared by.
  public var criterion: ARIMACriterion
  /// The most models the stepwise search fits (statsforecast's `nmodels`).
  public var maxModels: Int
  /// Whether a drift is tried for models differenced once.
  public var allowDrift: Bool
  /// Whether a non-zero mean is tried for undifferenced models.
  public var allowMean: Bool
  /// Whether the search fits its models by CSS and compares them by an approximate criterion,
  /// refitting the best by CSS-ML at the end (statsforecast's `approximation`); nil decides as R's
  /// `auto.arima` and statsforecast's `auto_arima_f` do: for series longer than 150 observations
  /// or seasons longer than 12.
  public var approximation: Bool?

  /// What it was fitted on; nil before `fit`.
  public private(set) var profile: SeriesProfile?
  /// The model chosen; nil before `fit`.
  public private(set) var fittedModel: ARIMAModel?
  /// What was decided without a search, or how the search ended: a constant series, a constant
  /// differenced series, a search cut short. Empty for an ordinary fit.
  public private(set) var notes: [String] = []
  public var calibration: ConformalCalibration?

  /// An unfitted automatic ARIMA forecaster with statsforecast's defaults, except `approximation`,
  /// nil by default: R's rule (see the type's documentation).
  public init(seasonLength: Int? = nil, d: Int? = nil, seasonalD: Int? = nil,
              maxP: Int = 5, maxQ: Int = 5, maxSeasonalP: Int = 2, maxSeasonalQ: Int = 2, maxD: Int = 2, maxSeasonalD: Int = 1,
              startP: Int = 2, startQ: Int = 2, startSeasonalP: Int = 1, startSeasonalQ: Int = 1,
              stationary: Bool = false, seasonal: Bool = true, criterion: ARIMACriterion = .aicc, maxModels: Int = 94,
              allowDrift: Bool = true, allowMean: Bool = true, approximation: Bool? = nil) {
    self.seasonLength = seasonLength
    self.d = d
    self.seasonalD = seasonalD
    self.maxP = maxP
    self.maxQ = maxQ
    self.maxSeasonalP = maxSeasonalP
    self.maxSeasonalQ = maxSeasonalQ
    self.maxD = maxD
    self.maxSeasonalD = maxSeasonalD
    self.startP = startP
    self.startQ = startQ
    self.startSeasonalP = startSeasonalP
    self.startSeasonalQ = startSeasonalQ
    self.stationary = stationary
    self.seasonal = seasonal
    self.criterion = criterion
    self.maxModels = maxModels
    self.allowDrift = allowDrift
    self.allowMean = allowMean
    self.approximation = approximation
  }

  /// `arima`.
  public var methodName: String { "arima" }

  /// Whether `fit` has run.
  public var isFitted: Bool { fittedModel != nil }

  /// The chosen model as statsforecast's `arima_string` writes it, such as
  /// `ARIMA(1,1,1)(0,1,1)[12]`; nil before `fit`.
  public var orderDescription: String? { fittedModel?.description }


  /// Chooses and fits the model on the series' first column.
  /// - Throws: `ModelError.invalidSetting` for a negative order, bound or count, or a season
  ///   length below 1; `ModelError.unsuitableSeries` for an empty series, a value that is not
  ///   finite, or a series no ARIMA model can be fitted to.
  public mutating func fit(_ series: TimeSeries) throws {
    let period = seasonLength ?? series.seasonalPeriod
    guard period >= 1 else { throw ModelError.invalidSetting("The season length must be at least 1, received \(period).") }
    let settings = [("d", d ?? 0), ("seasonalD", seasonalD ?? 0), ("maxP", maxP), ("maxQ", maxQ),
                    ("maxSeasonalP", maxSeasonalP), ("maxSeasonalQ", maxSeasonalQ), ("maxD", maxD),
                    ("maxSeasonalD", maxSeasonalD), ("startP", startP), ("startQ", startQ),
                    ("startSeasonalP", startSeasonalP), ("startSeasonalQ", startSeasonalQ)]
    if let (name, value) = settings.first(where: { $0.1 < 0 }) {
      throw ModelError.invalidSetting("AutoARIMA's \(name) must be 0 or more, received \(value).")
    }
    guard maxModels >= 1 else { throw ModelError.invalidSetting("AutoARIMA's maxModels must be at least 1, received \(maxModels).") }
    let values = try ARIMAModel.finiteValues(of: series, method: methodName)
    let (model, notes) = try search(values, period: period)
    profile = SeriesProfile(series, period: period)
    fittedModel = model
    self.notes = notes
  }

  enum CodingKeys: String, CodingKey {
    case d, stationary, seasonal, criterion, profile, notes, calibration, approximation
    case seasonLength = "season_length", seasonalD = "seasonal_d", maxP = "max_p", maxQ = "max_q"
    case maxSeasonalP = "max_seasonal_p", maxSeasonalQ = "max_seasonal_q", maxD = "max_d", maxSeasonalD = "max_seasonal_d"
    case startP = "start_p", startQ = "start_q", startSeasonalP = "start_seasonal_p", startSeasonalQ = "start_seasonal_q"
    case maxModels = "max_models", allowDrift = "allow_drift", allowMean = "allow_mean", fittedModel = "fitted_model"
  }
}
