import Foundation
@testable import ForecastModels
import ForecastSeries
import Testing

@Suite("Residual diagnostics")
struct ResidualDiagnosticsTests {
  struct Case: Decodable {
    var name: String
    var values: [Double]
    var lags: Int
    var acf: [Double]
    var ljung_box: Double
    var p_value: Double
  }
  struct File: Decodable { var cases: [Case] }

  static let cases = try! fixture("diagnostics", as: File.self).cases

  @Test("autocorrelation and the Ljung–Box test are statsmodels'", arguments: 0..<cases.count)
  func statsmodels(index: Int) throws {
    let c = Self.cases[index]
    let acf = ResidualDiagnostics.autocorrelation(c.values, lags: c.lags)
    #expect(allClose(acf, c.acf, tolerance: 1e-12), "\(c.name)")
    let n = Double(c.values.count)
    let q = n * (n + 2) * acf.enumerated().reduce(0) { $0 + $1.element * $1.element / (n - Double($1.offset + 1)) }
    #expect(allClose([q], [c.ljung_box], tolerance: 1e-10), "\(c.name)")
    #expect(allClose([ChiSquared.survival(q, degreesOfFreedom: Double(c.lags))], [c.p_value], tolerance: 1e-9), "\(c.name): \(c.p_value)")
  }

  @Test("one-step residuals of a fitted method: seasonal naive's are this year's value minus last year's")
  func residuals() throws {
    let series = try milk()
    var model = BaselineForecaster(.seasonalNaive)
    try model.fit(series)
    let diagnostics = try ResidualDiagnostics(model, on: series)
    let y = series.values
    #expect(diagnostics.residuals == (24..<168).map { y[$0] - y[$0 - 12] })
    #expect(diagnostics.acf.count == 24 && abs(diagnostics.band - 1.96 / 12) < 1e-12)
    #expect(diagnostics.ljungBoxPValue >= 0 && diagnostics.ljungBoxPValue <= 1)
    let bins = diagnostics.histogram()
    #expect(bins.count == 9 && bins.map(\.count).reduce(0, +) == 144)
  }
}
