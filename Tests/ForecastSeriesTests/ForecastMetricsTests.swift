import Foundation
import ForecastSeries
import Testing

@Suite("Metrics")
struct ForecastMetricsTests {
  struct File: Decodable {
    var train: [Double], actual: [Double], forecast: [Double]
    var seasonality: Int
    var rmse: Double, mae: Double, mape: Double, smape: Double, mase: Double
  }

  @Test("RMSE, MAE, MAPE (scikit-learn), sMAPE and MASE (darts' definitions)")
  func metrics() throws {
    let f = try fixture("metrics", as: File.self)
    let m = try ForecastMetrics(actual: f.actual, forecast: f.forecast, training: f.train, seasonality: f.seasonality)
    #expect(agree([m.rmse, m.mae, m.mape, m.smape, m.mase], [f.rmse, f.mae, f.mape, f.smape, f.mase], tolerance: 1e-12).ok)
  }

  @Test("mismatched lengths are an error")
  func mismatch() {
    #expect(throws: SeriesError.self) { try ForecastMetrics(actual: [1, 2], forecast: [1], training: [1, 2, 3], seasonality: 1) }
  }
}
