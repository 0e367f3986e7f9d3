import Foundation
import ForecastSeries
import Testing

@Suite("Box–Cox against coreforecast")
struct BoxCoxTests {
  struct Case: Decodable {
    var name: String
    var period: Int
    var values: [Double]
    var lambda: Double
    var transformed: [Double?]
  }
  struct File: Decodable { var cases: [Case] }

  static let cases = try! fixture("boxcox", as: File.self).cases

  @Test("Guerrero's lambda and the transform are coreforecast's; the inverse undoes the transform", arguments: 0..<cases.count)
  func lambdaAndTransform(index: Int) throws {
    let c = Self.cases[index]
    let lambda = BoxCox.guerreroLambda(c.values, period: c.period)
    #expect(abs(lambda - c.lambda) <= 1e-9, "\(c.name): \(lambda) against \(c.lambda)")
    let boxCox = BoxCox(lambda: c.lambda)
    let transformed = c.values.map(boxCox.transform)
    let check = agree(transformed, c.transformed, tolerance: 1e-12)
    #expect(check.ok, "\(c.name): worst \(check.worst)")
    let back = transformed.map(boxCox.inverse)
    for (value, original) in zip(back, c.values) where !value.isNaN {
      #expect(abs(value - original) <= 1e-9 * max(abs(original), 1), "\(c.name)")
    }
  }
}
