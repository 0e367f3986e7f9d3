import Foundation
import ForecastSeries

/// A forecasting method: fitted on the training part of a series, it forecasts the dated values
/// that follow. Every method of the library conforms — the baselines, ETS, Theta, ARIMA and the
/// networks — so they are fitted, compared, saved and loaded the same way:
///
/// ```swift
/// var model = AutoETS()
/// try model.fit(train)                        // the training part only
/// let forecast = try model.forecast(horizon: 12)
/// try model.save(to: URL(fileURLWithPath: "model"))
/// ```
///
/// `fit` sees only the series it is given; nothing it learns comes from anywhere else, so a
/// backtest that fits on the training part never sees the test part.
public protocol Forecaster: Sendable {
  /// The method's name as `--method` spells it and `model.json` records it: `"ets"`.
  var methodName: String { get }

  /// Whether `fit` has run: `forecast` and `save` need a fitted model.
  var isFitted: Bool { get }

  /// What fitting chose, in the method's own notation — `ETS(M,Ad,M)`,
  /// `ARIMA(0,1,1)(0,1,1)[12]`, `mean of ets, arima` — or nil when there is nothing to say.
  var modelDescription: String? { get }

  /// What the model was fitted on (value column, frequency, period, length, last date); nil
  /// before `fit`.
  var profile: SeriesProfile? { get }

  /// Learns the method's parameters from `series` (its first column), replacing any fitted before.
  /// - Throws: `ModelError` (or the data's `SeriesError`, the network's `NNError`) when the
  ///   series is too short or the method cannot be fitted to it.
  mutating func fit(_ series: TimeSeries) throws

  /// `fit`, told that intervals for forecasts of `horizon` steps are calibrated on the same
  /// series next (nil: they are not), so that a method can make the calibration's fits beside its
  /// own; the default just fits.
  mutating func fit(_ series: TimeSeries, calibratingFor horizon: Int?) throws

  /// The `horizon` values after the end of the series the model was fitted on, dated at its
  /// frequency.
  /// - Throws: `ModelError.notFitted` before `fit`.
  func forecast(horizon: Int) throws -> ForecastResult

  /// The `horizon` values after the end of `history`, using the parameters fitted before without
  /// estimating them again (statsforecast's `forward`, Darts' `predict(n, series:)`): how a saved
  /// model forecasts from newer data.
  func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult

  /// The method's own prediction intervals at `levels` (percent, ascending) for
  /// `forecast(horizon:)`, or for `forecast(horizon:after:)` when `history` is given; nil when it
  /// has none (the default), so conformal intervals from `calibration` are used.
  func analyticIntervals(horizon: Int, levels: [Double], after history: TimeSeries?) throws -> [PredictionInterval]?

  /// The conformal calibration of the model's intervals (`calibrate(on:horizon:fitOrigins:)`),
  /// saved with it.
  var calibration: ConformalCalibration? { get set }

  /// Calibrates conformal intervals for forecasts of `horizon` steps on `series`, the series the
  /// model is fitted on; the default fits the method again at `fitOrigins` rolling origins inside
  /// it (`ConformalCalibration`).
  mutating func calibrate(on series: TimeSeries, horizon: Int, fitOrigins: Int) throws

  /// Writes the fitted model as a model directory (`model.json`, and `weights.safetensors` for
  /// networks), whole or not at all.
  func save(to directory: URL) throws

  /// Reads a model directory written by `save`.
  static func load(from directory: URL) throws -> Self
}

extension Forecaster {
  /// Fits; the calibration fits itself later.
  public mutating func fit(_ series: TimeSeries, calibratingFor horizon: Int?) throws { try fit(series) }

  /// Nothing to say by default.
  public var modelDescription: String? { nil }

  /// No analytic intervals: conformal ones are used.
  public func analyticIntervals(horizon: Int, levels: [Double], after history: TimeSeries?) throws -> [PredictionInterval]? { nil }
}
