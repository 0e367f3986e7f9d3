import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("Holdout and backtest")
struct EvaluationTests {
  /// Two monthly series in long format, the second with a different scale and a trend.
  static let longCSV: String = {
    var rows = ["store,month,sales"]
    for (id, base, slope) in [("a", 100.0, 0.5), ("b", 1000.0, 5.0)] {
      for i in 0..<48 {
        let value = base + slope * Double(i) + 10 * sin(Double(i) * .pi / 6)
        rows.append(String(format: "%@,%04d-%02d-01,%.4f", id, 2000 + i / 12, i % 12 + 1, value))
      }
    }
    return rows.joined(separator: "\n")
  }()

  @Test("a holdout fits on the training part only and scores every comparison on the test part")
  func holdout() throws {
    let series = try milk()
    let result = try Holdout(BaselineForecaster(.seasonalNaive), on: series, testSize: 12)
    #expect(result.train.count == 156 && result.test.count == 12)
    let others = ForecastMethod.comparisons.filter { $0 != .seasonalNaive }.map(\.displayName)
    #expect(result.scores.map(\.name) == ["seasonal-naive"] + others)
    #expect(String(format: "%.2f", result.scores[0].metrics.rmse) == "13.23")
    #expect(result.model.profile?.count == 156)
    #expect(result.scores[0].forecast.dates == result.test.dates)
  }

  @Test("changing a test value changes no fitted model and no forecast")
  func noLeakage() throws {
    let series = try milk()
    var changed = series
    changed.columns[0][series.count - 1] = 1e6
    for method in [ForecastMethod.seasonalNaive, .naive, .drift] {
      let a = try Holdout(method.makeForecaster(), on: series, testSize: 12)
      let b = try Holdout(method.makeForecaster(), on: changed, testSize: 12)
      #expect(a.scores[0].forecast == b.scores[0].forecast, "\(method)")
    }
  }

  @Test("a long-format CSV reads as named series in order of appearance")
  func readLong() throws {
    let series = try TimeSeries.readLong(csvText: Self.longCSV, name: "sales.csv", options: LongCSVOptions(idColumn: "store"))
    #expect(series.map(\.id) == ["a", "b"])
    #expect(series[1].series.count == 48 && series[1].series.frequency?.alias == "MS")
    #expect(series[0].series.columnNames == ["sales"] && series[0].series.dateName == "month")
    let bad = Self.longCSV.replacingOccurrences(of: "b,2001-03-01,", with: "b,2001-03-01,x")
    #expect(throws: SeriesError.self) {
      try TimeSeries.readLong(csvText: bad, name: "sales.csv", options: LongCSVOptions(idColumn: "store"))
    }
    do {
      _ = try TimeSeries.readLong(csvText: bad, name: "sales.csv", options: LongCSVOptions(idColumn: "store"))
    } catch {
      #expect(error.description.hasPrefix("sales.csv, series 'b', line 64, column 'sales': expected a number"), "\(error)")
    }
  }

  @Test("a backtest at two origins scores each origin; a method that cannot fit is reported, not fatal")
  func backtest() throws {
    let series = try TimeSeries.readLong(csvText: Self.longCSV, options: LongCSVOptions(idColumn: "store"))
    let tasks = series.map { Backtest.Task(series: $0, horizon: 12) }
    let outcomes = Backtest(methods: [.seasonalNaive, .naive], origins: 2, stride: 6).run(tasks)
    #expect(outcomes.map(\.id) == ["a", "a", "b", "b"])
    #expect(outcomes.allSatisfy { $0.origins.count == 2 && $0.failure == nil })
    // Series a is seasonal with a trend of 0.5 a month: seasonal naive is 6 too low at every
    // step, as in every season of the training part, so its MASE is 1 at both origins.
    #expect(allClose(outcomes[0].origins.map(\.mase), [1, 1], tolerance: 1e-9))
    // Origin 2 ends 6 observations earlier: fitted on 30, scored on 12.
    let b = series[1].series
    let expected = try ForecastMetrics(
      actual: Array(b.values[30..<42]), forecast: (0..<12).map { b.values[18 + $0] }, training: Array(b.values[0..<30]), period: 12)
    #expect(allClose([outcomes[2].origins[1].mase], [expected.mase], tolerance: 1e-12))

    let tooMany = Backtest(methods: [.seasonalNaive], origins: 10).run(tasks)
    #expect(tooMany.allSatisfy { $0.origins.isEmpty && $0.failure?.contains("would leave no training data") == true })
    let summary = Backtest.summarize(outcomes, methods: [.seasonalNaive, .naive])
    #expect(summary.map(\.series) == [2, 2])
    let perSeries = [outcomes[0], outcomes[2]].map { ($0.origins[0].mase + $0.origins[1].mase) / 2 }
    #expect(allClose([summary[0].mean?.mase ?? .nan], [(perSeries[0] + perSeries[1]) / 2], tolerance: 1e-12))
  }

  @Test("a forecast that turns non-finite or runs far from the data is refused at its first bad step")
  func plausibility() throws {
    let dates = try milk().dates.prefix(3).map { $0 }
    let fine = ForecastResult(dates: dates, values: [1, 2, 3])
    #expect(try fine.checked(method: "m", range: 0...10) == fine)
    let nan = ForecastResult(dates: dates, values: [1, .nan, 3])
    #expect(throws: ModelError.self) { try nan.checked(method: "m", range: 0...10) }
    do {
      _ = try ForecastResult(dates: dates, values: [1, 2, .infinity]).checked(method: "lstm", range: 0...10)
      Issue.record("an infinite forecast passed")
    } catch {
      #expect(error.description == "The lstm forecast turned infinite at step 3 (1962-03-01). The model is diverging this far ahead: forecast fewer steps, or fit it again on recent data.")
    }
    // Bounds count too: a 95% upper bound of 1e6 on data between 0 and 10.
    let wide = ForecastResult(dates: dates, values: [1, 2, 3], intervals: [PredictionInterval(level: 95, lower: [0, 0, 0], upper: [5, 1e6, 5])])
    #expect(throws: ModelError.self) { try wide.checked(method: "m", range: 0...10) }
  }
}

