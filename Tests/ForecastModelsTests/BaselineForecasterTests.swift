import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("Baselines as forecasters")
struct BaselineForecasterTests {
  @Test("naive, seasonal naive and drift forecast as statsforecast defines them, dated")
  func forecasts() throws {
    let series = try milk()
    let values = series.values
    var naive = BaselineForecaster(.naive), seasonal = BaselineForecaster(.seasonalNaive), drift = BaselineForecaster(.drift)
    try naive.fit(series)
    try seasonal.fit(series)
    try drift.fit(series)
    #expect(try naive.forecast(horizon: 3).values == [843, 843, 843])
    #expect(try seasonal.forecast(horizon: 14).values == Array(values.suffix(12)) + Array(values.suffix(12).prefix(2)))
    let slope = (843.0 - 589.0) / 167
    #expect(allClose(try drift.forecast(horizon: 2).values, [843 + slope, 843 + 2 * slope], tolerance: 1e-12))
    let dates = try seasonal.forecast(horizon: 2).dates.map(DateParsing.format)
    #expect(dates == ["1976-01-01", "1976-02-01"])
    #expect(seasonal.methodName == "seasonal-naive")
  }

  @Test("the baselines on a short series: last value, the value a season earlier, the line from first to last")
  func shortSeries() throws {
    let history: [Double] = [1, 2, 3, 4, 5, 6, 7, 9]
    let rows = history.enumerated().map { String(format: "2000-%02d-01,%g", $0.offset + 1, $0.element) }
    let series = try TimeSeries.read(csvText: (["Month,Value"] + rows).joined(separator: "\n"))
    func forecast(_ baseline: Baseline, _ horizon: Int) throws -> [Double] {
      var model = BaselineForecaster(baseline)
      try model.fit(series)
      return try model.forecast(horizon: horizon).values
    }
    #expect(try forecast(.naive, 3) == [9, 9, 9])
    #expect(try forecast(.drift, 2) == [9 + 8.0 / 7, 9 + 16.0 / 7])
    // Monthly data: the season is 12, longer than these 8 values.
    #expect(throws: ModelError.self) { try forecast(.seasonalNaive, 1) }
  }

  @Test("a saved baseline loads as the same model; a model directory of another method is refused")
  func saveAndLoad() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var model = BaselineForecaster(.seasonalNaive)
    try model.fit(try milk())
    let url = directory.appendingPathComponent("m")
    try model.save(to: url)
    try model.save(to: url)  // replaces the model directory whole
    let loaded = try BaselineForecaster.load(from: url)
    #expect(loaded.methodName == "seasonal-naive")
    #expect(try loaded.forecast(horizon: 12) == model.forecast(horizon: 12))
    let contents = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(contents == ["m"], "no temporary folders are left behind: \(contents)")

    let other = directory.appendingPathComponent("other")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    try Data("x".utf8).write(to: other.appendingPathComponent("notes.txt"))
    #expect(throws: ModelError.self) { try model.save(to: other) }
    #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("notes.txt").path))
  }

  @Test("a series shorter than a season cannot be fitted; an unfitted model cannot forecast")
  func refusals() throws {
    var model = BaselineForecaster(.seasonalNaive)
    #expect(throws: ModelError.self) { try model.fit(try milk()[0..<11]) }
    #expect(throws: ModelError.notFitted(method: "seasonal-naive")) { try model.forecast(horizon: 1) }
  }
}
