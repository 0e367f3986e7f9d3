import Foundation
import ForecastSeries

/// How metrics are shown: as a table, one row per forecast, and as JSON.
enum MetricsTable {
  /// The metrics as a table, one row per named forecast.
  static func make(_ rows: [(name: String, metrics: ForecastMetrics)]) -> TextTable {
    TextTable(
      header: ["forecast", "RMSE", "MAE", "MAPE %", "sMAPE %", "MASE"],
      rows: rows.map { name, m in [name, fixed(m.rmse), fixed(m.mae), fixed(m.mape), fixed(m.smape), fixed(m.mase, 3)] },
      numericColumns: [1, 2, 3, 4, 5])
  }

  /// The encoder for machine-readable output: pretty, sorted keys, infinities and NaN as strings.
  static func jsonEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }
}
