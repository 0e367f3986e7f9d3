/// Forecast accuracy measures with the usual definitions (as darts computes them; percentages
/// in percent).
public struct ForecastMetrics: Sendable, Equatable, Codable {
  /// Root mean squared error, √mean((y − ŷ)²).
  public var rmse: Double
  /// Mean absolute error, mean|y − ŷ|.
  public var mae: Double
  /// Mean absolute percentage error, 100 · mean|(y − ŷ)/y| (infinite when some y = 0).
  public var mape: Double
  /// Symmetric MAPE, 200 · mean(|y − ŷ| / (|y| + |ŷ|)).
  public var smape: Double
  /// Mean absolute scaled error: MAE divided by the in-sample MAE of the seasonal naive forecast
  /// on the training part, mean|y_t − y_{t−m}| (Hyndman & Koehler, 2006).
  public var mase: Double

  /// Measures with the given values.
  public init(rmse: Double, mae: Double, mape: Double, smape: Double, mase: Double) {
    self.rmse = rmse
    self.mae = mae
    self.mape = mape
    self.smape = smape
    self.mase = mase
  }

  /// The measures of `forecast` against `actual`; `training` and `seasonality` (m) scale MASE.
  /// - Throws: `SeriesError.invalidArgument` for lengths that differ or are zero, or a training
  ///   part no longer than m.
  public init(actual: [Double], forecast: [Double], training: [Double], seasonality: Int) throws(SeriesError) {
    guard actual.count == forecast.count, !actual.isEmpty else {
      throw .invalidArgument("Metrics need as many forecasts as actual values (at least one), found \(forecast.count) and \(actual.count).")
    }
    guard seasonality >= 1, training.count > seasonality else {
      throw .invalidArgument("MASE with seasonality \(seasonality) needs more than \(seasonality) training values, found \(training.count).")
    }
    let n = Double(actual.count)
    let errors = zip(actual, forecast).map { $0 - $1 }
    rmse = (errors.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
    mae = errors.reduce(0) { $0 + abs($1) } / n
    mape = 100 * zip(errors, actual).reduce(0) { $0 + abs($1.0 / $1.1) } / n
    smape = 200 * zip(actual, forecast).reduce(0) { sum, pair in
      let denominator = abs(pair.0) + abs(pair.1)
      return sum + (denominator == 0 ? 0 : abs(pair.0 - pair.1) / denominator)
    } / n
    let scale = (seasonality..<training.count).reduce(0) { $0 + abs(training[$1] - training[$1 - seasonality]) }
      / Double(training.count - seasonality)
    mase = mae / scale
  }
}
