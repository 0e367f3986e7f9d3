import Foundation
@testable import ForecastModels
import ForecastSeries
import Testing

@Suite("AutoARIMA, as statsforecast's AutoARIMA")
struct ARIMAAutomaticTests {
  @Test("the chosen model, its coefficients and forecasts with intervals are statsforecast's, with and without approximation",
        arguments: ARIMAFixture.shared.auto.indices)
  func choice(_ index: Int) throws {
    let fixture = ARIMAFixture.shared
    let case_ = fixture.auto[index]
    let series = try fixture.timeSeries(case_.series, period: case_.period)
    var model = AutoARIMA(approximation: case_.approximation)
    try model.fit(series)
    let fitted = try #require(model.fittedModel)
    let label = "\(case_.series)\(case_.approximation ? " (approximation)" : "")"
    #expect(model.orderDescription == case_.description, "\(label)")
    #expect(fitted.coefficientNames == case_.coefficientNames, "\(label)")
    #expect(relativelyClose(fitted.coefficients, case_.coefficients, tolerance: 1e-4),
            "\(label): coefficients \(fitted.coefficients) vs \(case_.coefficients)")
    #expect(relativelyClose([fitted.sigma2], [case_.sigma2], tolerance: 1e-6), "\(label): σ² \(fitted.sigma2) vs \(case_.sigma2)")
    let forecast = try model.forecast(horizon: fixture.horizon, levels: [80, 95])
    let floor = scale(of: series.values)
    #expect(relativelyClose(forecast.values, case_.mean, tolerance: 1e-5, floor: floor),
            "\(label): worst \(worstDifference(forecast.values, case_.mean, floor: floor))")
    for interval in forecast.intervals {
      let theirs = try #require(case_.intervals[String(Int(interval.level))])
      #expect(relativelyClose(interval.lower + interval.upper, theirs.lower + theirs.upper, tolerance: 1e-5, floor: floor),
              "\(label) \(interval.level)%: worst \(worstDifference(interval.lower + interval.upper, theirs.lower + theirs.upper, floor: floor))")
    }
    #expect(model.notes.isEmpty)
  }

  @Test("a saved choice loads as the same model and forecasts after new data with its coefficients")
  func saveLoadAndForward() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let case_ = ARIMAFixture.shared.auto[3]
    let series = try ARIMAFixture.shared.timeSeries(case_.series, period: case_.period)
    var model = AutoARIMA()
    try model.fit(series[0..<(series.count - 8)])
    let url = directory.appendingPathComponent("auto")
    try model.save(to: url)
    let loaded = try AutoARIMA.load(from: url)
    #expect(loaded.methodName == "arima" && loaded.orderDescription == model.orderDescription)
    #expect(try loaded.forecast(horizon: 8, levels: [95]) == model.forecast(horizon: 8, levels: [95]))
    let after = try loaded.forecast(horizon: 4, after: series)
    #expect(after.dates.first.map(DateParsing.format) == DateParsing.format(try series.futureDates(1)[0]))
    // The same coefficients run over the longer history: what a refit with the model fixed gives.
    let fitted = try #require(model.fittedModel)
    let refit = try fitted.filtered(on: series.values).forecast(horizon: 4).mean
    #expect(after.values == refit)
  }

  @Test("degenerate series are handled as statsforecast does, with a note, or refused clearly")
  func degenerate() throws {
    let dates = ARIMAFixture.dated([Double](repeating: 0, count: 30), period: 12)
    func series(_ values: [Double]) -> TimeSeries {
      TimeSeries(dates: Array(dates.dates.prefix(values.count)), columnNames: ["value"], columns: [values], frequency: dates.frequency)
    }
    var model = AutoARIMA()
    try model.fit(series([Double](repeating: 4.5, count: 30)))
    #expect(model.orderDescription == "ARIMA(0,0,0) with non-zero mean" && model.notes.count == 1)
    let constant = try model.forecast(horizon: 3, levels: [95])
    #expect(constant.values == [4.5, 4.5, 4.5] && constant.intervals[0].upper == [4.5, 4.5, 4.5])

    // A straight line: one difference leaves a constant, so the drift is its slope.
    try model.fit(series((0..<30).map { 2 + 0.5 * Double($0) }))
    #expect(model.orderDescription == "ARIMA(0,1,0) with drift" && model.notes.count == 1)
    #expect(allClose(try model.forecast(horizon: 2).values, [17, 17.5], tolerance: 1e-9))

    try model.fit(series([3, 1, 4]))
    #expect(model.isFitted)
    try model.fit(series([5]))
    #expect(try model.forecast(horizon: 2).values == [5, 5])

    var broken = (0..<30).map { sin(Double($0)) }
    broken[7] = .nan
    #expect(throws: ModelError.self) { try model.fit(series(broken)) }
    #expect(throws: ModelError.self) { try model.fit(series([])) }
    var negative = AutoARIMA(maxP: -1)
    #expect(throws: ModelError.self) { try negative.fit(series([1, 2, 3, 5, 4])) }
    #expect(throws: ModelError.notFitted(method: "arima")) { try AutoARIMA().forecast(horizon: 1) }
  }
}
