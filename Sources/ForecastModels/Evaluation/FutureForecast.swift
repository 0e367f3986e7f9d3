import ForecastSeries

/// A method fitted on the whole of a series and its forecast past the last date, with prediction
/// intervals calibrated on the whole series (or the method's own): what to use once the test part
/// has shown how good the method is.
public struct FutureForecast: Sendable {
  /// The method fitted on the whole series.
  public var model: any Forecaster
  /// Its forecast of the `horizon` steps after the last date.
  public var forecast: ForecastResult

  /// Fits `model` on `series` and forecasts `horizon` steps past its end with intervals at
  /// `levels` (percent); intervals that cannot be calibrated are missing, with a note saying why.
  /// - Throws: what fitting or forecasting throws, `ModelError.implausibleForecast` for a
  ///   forecast that runs away.
  public init(_ model: any Forecaster, on series: TimeSeries, horizon: Int, levels: [Double]) throws {
    var model = model
    try model.fit(series, calibratingFor: levels.isEmpty ? nil : horizon)
    let note = model.prepareIntervals(on: series, horizon: horizon, levels: levels)
    forecast = try model.forecast(horizon: horizon, levels: levels)
    if let note { forecast.notes.insert(note, at: 0) }
    self.model = model
  }
}
