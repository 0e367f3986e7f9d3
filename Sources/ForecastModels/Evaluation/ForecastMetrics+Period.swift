import ForecastSeries

extension ForecastMetrics {
  /// The measures of `forecast` against `actual`, MASE scaled by the seasonal naive errors on
  /// `training` at lag `period` — by the naive ones (lag 1) when the training part is no longer
  /// than a period, where no seasonal difference exists.
  /// - Throws: `SeriesError.invalidArgument` for lengths that differ or are zero, or a training
  ///   part of one value.
  public init(actual: [Double], forecast: [Double], training: [Double], period: Int) throws(SeriesError) {
    try self.init(actual: actual, forecast: forecast, training: training, seasonality: training.count > period ? max(period, 1) : 1)
  }
}
