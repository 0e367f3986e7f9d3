import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("AutoETS as a forecaster")
struct ETSForecasterTests {
  @Test("fits milk's training part, forecasts the test dates with 80/95% intervals around the model's forecast")
  func datedForecast() throws {
    let (train, test) = try milk().split(testSize: 12)
    var ets = AutoETS()
    #expect(ets.methodName == "ets" && !ets.isFitted)
    try ets.fit(train)
    let model = try #require(ets.fittedModel)
    #expect(model.specification.description == "ETS(A,A,A)" && model.seasonLength == 12)
    let forecast = try ets.forecast(horizon: 12, levels: [95, 80])
    #expect(forecast.dates == test.dates)
    #expect(forecast.values == model.forecast(horizon: 12))
    #expect(forecast.intervals.map(\.level) == [80, 95])
    #expect(zip(forecast.intervals[0].lower, forecast.intervals[1].lower).allSatisfy { $0 > $1 })
    #expect(try ets.forecast(horizon: 12).intervals.isEmpty)
  }

  @Test("a saved model loads as the same model; forecasting after newer data uses the fitted parameters")
  func saveLoadAndForward() throws {
    let series = try milk()
    let (train, _) = try series.split(testSize: 12)
    var ets = AutoETS(damped: true)
    try ets.fit(train)
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("ets")
    try ets.save(to: url)
    let loaded = try AutoETS.load(from: url)
    #expect(loaded.fittedModel == ets.fittedModel && loaded.damped == true)
    #expect(try loaded.forecast(horizon: 6, levels: [80]) == ets.forecast(horizon: 6, levels: [80]))

    let after = try loaded.forecast(horizon: 3, after: series)
    let applied = try ets.fittedModel!.applied(to: series.values)
    #expect(after.values == applied.forecast(horizon: 3))
    #expect(after.dates.map(DateParsing.format) == ["1976-01-01", "1976-02-01", "1976-03-01"])
    #expect(throws: ModelError.self) { try BaselineForecaster.load(from: url) }
  }

  @Test("a model file whose states do not fit its model is refused with the file's name")
  func corruptFile() throws {
    var ets = AutoETS(model: "ANN")
    try ets.fit(try milk())
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try ets.save(to: directory.appendingPathComponent("ets"))
    let file = directory.appendingPathComponent("ets/model.json")
    let text = try String(contentsOf: file, encoding: .utf8)
      .replacingOccurrences(of: "\"final_state\" : [", with: "\"final_state\" : [1, ")
    try Data(text.utf8).write(to: file)
    #expect {
      try AutoETS.load(from: directory.appendingPathComponent("ets"))
    } throws: { error in
      guard case ModelError.modelFile(let path, let problem) = error else { return false }
      return path.hasSuffix("model.json") && problem.contains("do not fit")
    }
  }

  @Test("a fixed model fits through the same type; model strings are checked")
  func fixedModels() throws {
    let (train, _) = try milk().split(testSize: 12)
    var ets = AutoETS(model: "MAdM")
    try ets.fit(train)
    #expect(ets.fittedModel?.specification == ETSSpecification(error: .multiplicative, trend: .additive, season: .multiplicative, damped: true))
    var quarterly = AutoETS(model: "ANA", seasonLength: 4)
    try quarterly.fit(train)
    #expect(quarterly.fittedModel?.seasonLength == 4 && quarterly.profile?.period == 4)

    for (model, damped) in [("AAdA", false), ("MMM", nil), ("AAX", nil), ("AN", nil), ("ANN", true), ("ANM", nil)] as [(String, Bool?)] {
      var bad = AutoETS(model: model, damped: damped)
      #expect(throws: ModelError.self, "\(model)") { try bad.fit(train) }
    }
    var nonseasonal = AutoETS(model: "AAA", seasonLength: 1)
    #expect(throws: ModelError.self) { try nonseasonal.fit(train) }
  }

  @Test("a constant series gets simple exponential smoothing; short, missing or non-positive data a clear error")
  func degenerateSeries() throws {
    let dates = try milk().dates
    func series(_ values: [Double]) throws -> TimeSeries {
      TimeSeries(dates: Array(dates.prefix(values.count)), columnNames: ["y"], columns: [values], frequency: try milk().frequency)
    }
    var ets = AutoETS()
    try ets.fit(try series([Double](repeating: 5, count: 30)))
    #expect(ets.fittedModel?.specification.description == "ETS(A,N,N)")
    #expect(try ets.forecast(horizon: 3).values.allSatisfy { abs($0 - 5) < 1e-6 })

    #expect(throws: ModelError.self) { try ets.fit(try series([1, 2, 3, 4, 5, 6])) }
    #expect(throws: ModelError.self) { try ets.fit(try series([1, 2, .nan, 4, 5, 6, 7, 8, 9, 10])) }
    var multiplicative = AutoETS(model: "MNN")
    #expect(throws: ModelError.self) { try multiplicative.fit(try series((0..<30).map { Double($0) - 3 })) }
    // Data with zeros: only additive models are candidates.
    try ets.fit(try series((0..<40).map { Double($0 % 12) }))
    #expect(ets.fittedModel?.specification.error == .additive)
    #expect(throws: ModelError.notFitted(method: "ets")) { try AutoETS().forecast(horizon: 1) }
  }
}
