/// The simple forecasts every method should beat (Hyndman & Athanasopoulos, *Forecasting:
/// Principles and Practice*, §5.2), as `BaselineForecaster` makes them.
public enum Baseline: String, Sendable, Equatable, CaseIterable, Codable {
  /// Every future value is the last observation.
  case naive
  /// Each future value is the observation one season (the period) earlier.
  case seasonalNaive = "seasonal-naive"
  /// The line from the first to the last observation, extended.
  case drift
}
