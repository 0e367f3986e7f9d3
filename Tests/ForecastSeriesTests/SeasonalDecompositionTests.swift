import Foundation
import ForecastSeries
import Testing

@Suite("Seasonal decomposition against statsmodels")
struct SeasonalDecompositionTests {
  struct Case: Decodable {
    var name: String
    var period: Int
    var model: String
    var extrapolateTrend: Int
    var observed: [Double]
    var trend: [Double?]
    var seasonal: [Double?]
    var resid: [Double?]
    enum CodingKeys: String, CodingKey {
      case name, period, model, observed, trend, seasonal, resid, extrapolateTrend = "extrapolate_trend"
    }
  }
  struct File: Decodable { var cases: [Case] }

  static let cases = try! fixture("decomposition", as: File.self).cases

  @Test("trend, seasonal and residual agree to a relative 1e-9", arguments: 0..<cases.count)
  func agrees(index: Int) throws {
    let c = Self.cases[index]
    let result = try SeasonalDecomposition(
      c.observed, period: c.period, model: SeasonalDecomposition.Model(rawValue: c.model)!,
      extrapolateTrend: c.extrapolateTrend)
    let label = "\(c.name) \(c.model) extrapolate \(c.extrapolateTrend)"
    for (component, ours, theirs) in [("trend", result.trend, c.trend), ("seasonal", result.seasonal, c.seasonal), ("resid", result.resid, c.resid)] {
      let (ok, worst) = agree(ours, theirs, tolerance: 1e-9)
      #expect(ok, "\(label) \(component): worst relative difference \(worst)")
    }
  }

  @Test("fewer than two periods, a period below 2 and non-positive multiplicative data are errors")
  func badInput() {
    #expect(throws: SeriesError.self) { try SeasonalDecomposition(Array(repeating: 1, count: 23), period: 12) }
    #expect(throws: SeriesError.self) { try SeasonalDecomposition([1, 2, 3, 4], period: 1) }
    let values = (0..<24).map { Double($0) }
    do {
      _ = try SeasonalDecomposition(values, period: 12, model: .multiplicative)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("observation 1 is 0.0"))
    }
  }

  @Test("strengths are near one for a clean seasonal series with trend")
  func strengths() throws {
    let values = (0..<48).map { (t: Int) -> Double in
      let x = Double(t)
      let season = 10 * sin(x * Double.pi / 6)
      return x + season + (Double(t % 5) - 2) * 0.01
    }
    let result = try SeasonalDecomposition(values, period: 12)
    #expect(result.trendStrength > 0.99 && result.seasonalStrength > 0.99)
  }
}
