import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("The README's Swift example")
struct ReadmeExampleTests {
  @Test("fits, forecasts with intervals, saves, loads and forecasts after newer data, as the README shows")
  func example() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The README's code, on the bundled data instead of sales.csv.
    let series = try TimeSeries.read(csv: BundledData.milkProductionPath)
    let (train, test) = try series.split(testSize: 12)

    var model = AutoETS()
    try model.fit(train)
    let forecast = try model.forecast(horizon: 12, levels: [80, 95])
    #expect(forecast.values.count == 12 && forecast.intervals.map(\.level) == [80, 95] && forecast.dates == test.dates)

    let url = directory.appendingPathComponent("sales-model")
    try model.save(to: url)
    let loaded = try ForecastMethod.load(from: url)
    let next = try loaded.forecast(horizon: 12, after: series, levels: [80])
    #expect(DateParsing.format(next.dates[0]) == "1976-01-01" && next.intervals.count == 1)

    var theta = AutoTheta()
    try theta.fit(train)
    try theta.calibrate(on: train, horizon: 12)
    #expect(try theta.forecast(horizon: 12, levels: [80, 95]).intervals.count == 2)
  }
}
