import Foundation
import ForecastSeries
import Testing

@Suite("Metrics, baselines and forecasting loops")
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

  @Test("baselines: naive, seasonal naive and drift")
  func baselines() throws {
    let history: [Double] = [1, 2, 3, 4, 5, 6, 7, 9]
    #expect(try Baseline.naive.forecast(history: history, horizon: 3, period: 4) == [9, 9, 9])
    #expect(try Baseline.seasonalNaive.forecast(history: history, horizon: 6, period: 4) == [5, 6, 7, 9, 5, 6])
    #expect(try Baseline.drift.forecast(history: history, horizon: 2, period: 4) == [9 + 8.0 / 7, 9 + 16.0 / 7])
  }

  @Test("baselines forecast dated series at the series' frequency")
  func datedBaselines() throws {
    let rows: [String] = (0..<24).map { (i: Int) -> String in String(format: "%04d-%02d,%d", 2000 + i / 12, i % 12 + 1, i % 12) }
    let text = "Month,Value\n" + rows.joined(separator: "\n")
    let series = try TimeSeries.read(csvText: text)
    let forecast = try Baseline.seasonalNaive.forecast(series, horizon: 3)
    #expect(forecast.dates.map(DateParsing.format) == ["2002-01-01", "2002-02-01", "2002-03-01"])
    #expect(forecast.values == [0, 1, 2] && forecast.columnNames == ["seasonal naive"])
  }

  struct Doubler: OneStepForecaster, MultiStepForecaster {
    var window = 3
    func predictNext(_ window: [Double]) throws -> Double { window.reduce(0, +) }
    func predict(_ window: [Double]) throws -> [Double] { window.map { $0 * 2 } }
  }

  @Test("the recursive loop feeds each prediction back into the window")
  func recursive() throws {
    #expect(try Forecasting.recursive(Doubler(), history: [0, 1, 1, 2], horizon: 4) == [4, 7, 13, 24])
    #expect(try Forecasting.direct(Doubler(), history: [0, 1, 1, 2], horizon: 2) == [2, 2])
    #expect(throws: SeriesError.self) { try Forecasting.recursive(Doubler(), history: [1, 2], horizon: 1) }
  }
}
