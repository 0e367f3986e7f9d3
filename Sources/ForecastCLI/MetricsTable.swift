import Foundation
import ForecastNN
import ForecastSeries

/// What `run` and `evaluate` share: scoring a forecast beside the baselines, and showing it.
enum Scoring {
  /// The model's recursive forecast of the `horizon` values after `history`, in original units:
  /// the tutorial's loop on values scaled with the model's stored scaler.
  static func forecast(after history: [Double], model: Sequential, metadata: ForecastModelMetadata, horizon: Int) throws -> [Double] {
    let scaled = try Forecasting.recursive(
      NetworkForecaster(model: model, window: metadata.window), history: metadata.scaler.transform(history), horizon: horizon)
    return metadata.scaler.inverseTransform(scaled)
  }

  /// Every baseline's forecast of the `horizon` values after `training`.
  static func baselines(after training: [Double], horizon: Int, period: Int) throws -> [(baseline: Baseline, forecast: [Double])] {
    try Baseline.allCases.map { ($0, try $0.forecast(history: training, horizon: horizon, period: period)) }
  }

  /// The metrics of `forecast` against `actual`, then those of each baseline forecast, named.
  /// MASE scales by the seasonal naive errors on `training` (by the naive ones when the training
  /// part is no longer than a period).
  static func metrics(
    actual: [Double], forecast: [Double], baselines: [(baseline: Baseline, forecast: [Double])],
    training: [Double], period: Int
  ) throws -> [(name: String, metrics: ForecastMetrics)] {
    let seasonality = training.count > period ? period : 1
    let named = [("model", forecast)] + baselines.map { ($0.baseline.name, $0.forecast) }
    return try named.map { name, values in
      (name, try ForecastMetrics(actual: actual, forecast: values, training: training, seasonality: seasonality))
    }
  }

  /// The metrics as a table, one row per forecast.
  static func table(_ rows: [(name: String, metrics: ForecastMetrics)]) -> TextTable {
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
