import Foundation
@testable import ForecastModels
import ForecastSeries
import Testing

@Suite("AutoTheta as statsforecast's AutoTheta")
struct AutoThetaTests {
  /// A monthly series of `values` from January 1962.
  static func monthly(_ values: [Double]) throws -> TimeSeries {
    let start = try #require(DateParsing.parse("1962-01-01"))
    let frequency = Frequency(.monthStart)
    let dates = values.indices.map { frequency.advance(start, by: $0) }
    return TimeSeries(dates: dates, columnNames: ["value"], columns: [values], frequency: frequency)
  }

  @Test("chooses statsforecast's model, its parameters, seasonal adjustment, fitted values and forecasts")
  func automaticFits() throws {
    for a in try ThetaFixture.load().automatic {
      var theta = AutoTheta(model: a.model.flatMap(ThetaModelKind.init(rawValue:)), seasonLength: a.period,
                            decompositionType: try #require(SeasonalDecomposition.Model(rawValue: a.decompositionType)))
      try theta.fit(try Self.monthly(a.y))
      let fit = try #require(theta.fittedModel)
      #expect(fit.kind.rawValue == a.chosen, "\(a.name): chose \(fit.kind), statsforecast \(a.chosen)")
      #expect(fit.seasonalAdjustment?.decompositionType.rawValue == a.usedDecomposition, "\(a.name): decomposition")
      if let indices = a.seasonalIndices {
        #expect(allClose(fit.seasonalAdjustment?.indices ?? [], indices, tolerance: 1e-9), "\(a.name): seasonal indices")
      }
      let p = fit.parameters
      #expect(allClose([p.initialSmoothed, p.alpha, p.theta, fit.mse],
                       [a.parameters.initialSmoothed, a.parameters.alpha, a.parameters.theta, a.mse], tolerance: 1e-6),
              "\(a.name): parameters \(p), mse \(fit.mse) vs \(a.parameters), \(a.mse)")
      #expect(allClose(fit.fittedValues, a.fitted, tolerance: 1e-6), "\(a.name): fitted values")
      #expect(allClose(try theta.forecast(horizon: a.horizon).values, a.forecast, tolerance: 1e-6), "\(a.name): forecasts")
      let whole = try Self.monthly(a.y + a.after)
      #expect(allClose(try theta.forecast(horizon: a.horizon, after: whole).values, a.forwardForecast, tolerance: 1e-6),
              "\(a.name): forecasts after the whole series")
    }
  }

  @Test("a saved model loads as the same model, dated after the series")
  func saveAndLoad() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var theta = AutoTheta()
    try theta.fit(try milk())
    #expect(theta.methodName == "theta")
    #expect(theta.profile?.period == 12)
    let url = directory.appendingPathComponent("theta")
    try theta.save(to: url)
    #expect(try ModelDirectory.method(at: url) == "theta")
    let loaded = try AutoTheta.load(from: url)
    #expect(loaded.fittedModel == theta.fittedModel)
    let forecast = try loaded.forecast(horizon: 14)
    #expect(forecast == (try theta.forecast(horizon: 14)))
    #expect(DateParsing.format(forecast.dates[0]) == "1976-01-01")
    #expect(forecast.values.allSatisfy { $0.isFinite })
  }

  @Test("periods below four and series shorter than two seasons are not deseasonalised")
  func noSeasonalAdjustment() throws {
    // A spike every January on a small sawtooth: |r₁₂| is 2.3 times its bound at 23 and 24 months.
    let spiky = (0..<24).map { t -> Double in (t % 12 == 0 ? 150 : 100) + Double(t % 5) }
    var theta = AutoTheta()
    try theta.fit(try Self.monthly(spiky))
    #expect(theta.fittedModel?.seasonalAdjustment?.decompositionType == .multiplicative)
    try theta.fit(try Self.monthly(Array(spiky.prefix(23))))
    #expect(theta.fittedModel?.seasonalAdjustment == nil)
    theta.seasonLength = 3
    try theta.fit(try Self.monthly(spiky))
    #expect(theta.profile?.period == 3)
    #expect(theta.fittedModel?.seasonalAdjustment == nil)
  }

  @Test("constant, short and non-finite series: a flat forecast or a clear error")
  func degenerateSeries() throws {
    var theta = AutoTheta()
    try theta.fit(try Self.monthly(Array(repeating: 5, count: 30)))
    #expect(theta.fittedModel?.seasonalAdjustment == nil)
    #expect(allClose(try theta.forecast(horizon: 3).values, [5, 5, 5], tolerance: 1e-9))
    try theta.fit(try Self.monthly(Array(repeating: 0, count: 30)))
    #expect(try theta.forecast(horizon: 2).values == [0, 0])

    #expect(throws: ModelError.self) { try theta.fit(try Self.monthly([1, 2, 3])) }
    #expect(throws: ModelError.self) { try theta.fit(try Self.monthly([1, 2, .nan, 4, 5, 6])) }
    #expect(throws: ModelError.notFitted(method: "theta")) { try AutoTheta().forecast(horizon: 1) }
    var zeroSeason = AutoTheta(seasonLength: 0)
    #expect(throws: ModelError.self) { try zeroSeason.fit(try milk()) }
    #expect(throws: ModelError.self) { try theta.forecast(horizon: -1) }
  }
}
