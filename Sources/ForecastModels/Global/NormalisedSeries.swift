import Foundation
import ForecastSeries

/// One series as a global network sees it, normalised as in Smyl's ES-RNN (M4, 2018) by its own
/// `LevelScaling` — logs when the series is positive, its seasonal indices removed, each window
/// measured from the smoothed level at its end — fitted on that series alone, so series of any
/// scale share one network. Each window is then divided by the series' `spread`, so that in the
/// network's loss a calm series (employment, in logs moving by tenths of a percent a month) counts
/// as much as a wild one (rainfall) — the scaling MASE uses, inside the network. Keeps the end of
/// the series, where its forecast starts.
struct NormalisedSeries: Sendable, Equatable, Codable {
  /// The series' id.
  var id: String
  /// The scaling fitted on the series.
  var scaling: LevelScaling
  /// What the series was: value column, frequency, seasonal period, length, last date, range.
  var profile: SeriesProfile
  /// The last `window` values, scaled.
  var lastWindow: [Double]
  /// The level after the last value.
  var lastLevel: Double
  /// The mean absolute change from one scaled value to the next over the series (1 for a
  /// constant series): the unit of the network's inputs and outputs.
  var spread: Double

  /// The series' seasonal period, the network's period feature.
  var period: Int { profile.period }

  /// `named` normalised by a scaling fitted on it (`boxCox`: Guerrero's power instead of the
  /// log), keeping its last `window` values; also every scaled value and the level after it, to
  /// cut training windows from.
  /// - Throws: `ModelError.unsuitableSeries` for a series shorter than `window` or than three
  ///   observations.
  static func fitting(_ named: NamedSeries, window: Int, boxCox: Bool) throws(ModelError) -> (series: NormalisedSeries, scaled: [Double], levels: [Double]) {
    let series = named.series
    guard series.count >= window else {
      throw .unsuitableSeries(
        "The global network reads windows of \(window) observations, but the series '\(named.id)' has \(series.count). Give a longer series or a smaller window.")
    }
    let period = series.seasonalPeriod
    let scaling = try LevelScaling(fitting: series, period: period, boxCox: boxCox)
    let scaled = scaling.transform(series)
    let levels = scaling.levels(scaled)
    let change = zip(scaled.dropFirst(), scaled).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(scaled.count - 1)
    let normalised = NormalisedSeries(
      id: named.id, scaling: scaling, profile: SeriesProfile(series, period: period), lastWindow: Array(scaled.suffix(window)),
      lastLevel: levels.last ?? 0, spread: change > 0 && change.isFinite ? change : 1)
    return (normalised, scaled, levels)
  }

  /// A scaled value as the network sees it in a window whose level is `level`.
  func input(_ scaled: Double, level: Double) -> Float { Float((scaled - level) / spread) }

  /// The scaled value of the network's `output` for a window whose level is `level`.
  func scaled(_ output: Double, level: Double) -> Double { level + spread * output }

  /// The values whose scaled values are `scaled`, dated from the step after the series' end.
  /// - Throws: `ModelError.unsuitableSeries` when the series' frequency is unknown.
  func inverse(_ scaled: [Double]) throws(ModelError) -> ForecastResult {
    let dates = try profile.futureDates(scaled.count)
    return ForecastResult(dates: dates, values: zip(scaled, dates).map { scaling.inverse($0, on: $1) })
  }
}
