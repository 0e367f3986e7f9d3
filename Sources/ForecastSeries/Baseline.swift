/// The simple forecasts every model should beat (Hyndman & Athanasopoulos, *Forecasting:
/// Principles and Practice*, §5.2).
public enum Baseline: String, Sendable, Equatable, CaseIterable, Codable {
  /// Every future value is the last observation.
  case naive
  /// Each future value is the observation one season (the period) earlier.
  case seasonalNaive = "seasonal-naive"
  /// The line from the first to the last observation, extended.
  case drift

  /// The name shown in tables.
  public var name: String {
    switch self {
    case .naive: "naive"
    case .seasonalNaive: "seasonal naive"
    case .drift: "drift"
    }
  }

  /// The next `horizon` values after `history`; `period` is the season length for seasonal naive.
  /// - Throws: `SeriesError.tooShort` when the history is empty or shorter than one season.
  public func forecast(history: [Double], horizon: Int, period: Int) throws(SeriesError) -> [Double] {
    guard let last = history.last else { throw .tooShort("A baseline forecast needs at least one observation.") }
    switch self {
    case .naive:
      return Array(repeating: last, count: horizon)
    case .seasonalNaive:
      guard period >= 1, history.count >= period else {
        throw .tooShort("A seasonal naive forecast with period \(period) needs \(period) observations, found \(history.count).")
      }
      return (0..<horizon).map { history[history.count - period + $0 % period] }
    case .drift:
      let slope = history.count > 1 ? (last - history[0]) / Double(history.count - 1) : 0
      return (1...max(horizon, 1)).prefix(horizon).map { last + Double($0) * slope }
    }
  }

  /// The next `horizon` observations of `series`' first column as a dated series, at the
  /// series' frequency; `period` defaults to the frequency's seasonal period.
  /// - Throws: `SeriesError.tooShort` for a history shorter than a season or an unknown frequency.
  public func forecast(_ series: TimeSeries, horizon: Int, period: Int? = nil) throws(SeriesError) -> TimeSeries {
    let period = period ?? series.frequency?.seasonalPeriod ?? 1
    let values = try forecast(history: series.values, horizon: horizon, period: period)
    return TimeSeries(
      dateName: series.dateName, dates: try series.futureDates(horizon), columnNames: [name],
      columns: [values], frequency: series.frequency)
  }
}
