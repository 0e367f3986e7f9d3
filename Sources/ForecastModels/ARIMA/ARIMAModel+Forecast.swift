import Foundation
import ForecastSeries

extension ARIMAModel {
  /// The dated forecast of the `horizon` steps after the series described by `profile`, with a
  /// normal prediction interval `mean ± Φ⁻¹(0.5 + level/200)·se` per level (statsforecast's
  /// `forecast_arima` with `level`), lowest level first.
  /// - Throws: `ModelError.invalidSetting` for a negative horizon or a level outside (0, 100);
  ///   `ModelError.unsuitableSeries` when the series' frequency is unknown.
  func forecastResult(horizon: Int, levels: [Double], profile: SeriesProfile) throws(ModelError) -> ForecastResult {
    guard horizon >= 0 else { throw .invalidSetting("The horizon must be 0 or more, received \(horizon).") }
    if let level = levels.first(where: { !($0 > 0 && $0 < 100) }) {
      throw .invalidSetting("A prediction interval's level is a percentage between 0 and 100 (exclusive), received \(level).")
    }
    let (mean, standardErrors) = forecast(horizon: horizon)
    let intervals = levels.sorted().map { level in
      let z = NormalQuantile.of(0.5 + level / 200)
      return PredictionInterval(level: level,
                                lower: (0..<horizon).map { mean[$0] - z * standardErrors[$0] },
                                upper: (0..<horizon).map { mean[$0] + z * standardErrors[$0] })
    }
    return ForecastResult(dates: try profile.futureDates(horizon), values: mean, intervals: intervals)
  }

  /// The forecast of a fitted `model` (nil before fitting) of `horizon` steps with intervals at
  /// `levels`: after the series fitted on (`profile`), or after `history` with the coefficients
  /// kept (statsforecast's `forward`). `method` names the forecaster in messages.
  static func forecast(
    _ model: ARIMAModel?, profile: SeriesProfile?, horizon: Int, levels: [Double], after history: TimeSeries?, method: String
  ) throws(ModelError) -> ForecastResult {
    guard let model, let profile else { throw .notFitted(method: method) }
    guard let history else { return try model.forecastResult(horizon: horizon, levels: levels, profile: profile) }
    let values = try finiteValues(of: history, method: method)
    return try model.filtered(on: values).forecastResult(horizon: horizon, levels: levels, profile: SeriesProfile(history, period: profile.period))
  }

  /// The values of `series`' first column, refused when one is not finite.
  /// - Throws: `ModelError.unsuitableSeries` naming the first value that is NaN or infinite, or
  ///   when the series is empty.
  static func finiteValues(of series: TimeSeries, method: String) throws(ModelError) -> [Double] {
    let values = series.values
    guard !values.isEmpty else {
      throw .unsuitableSeries("\(method) needs at least one observation; the series is empty.")
    }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw .unsuitableSeries("\(method) needs finite values, but the value on \(DateParsing.format(series.dates[index])) (row \(index + 1)) is \(values[index]). Fill or drop the missing values first.")
    }
    return values
  }
}
