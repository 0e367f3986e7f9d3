import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("ARIMA on short and odd series")
struct ARIMARobustnessTests {
  /// Series of `count` values: noise, a noisy line, a noisy season of 12, a repeating 0, 1, 2.
  static func series(count: Int, kind: Int) -> TimeSeries {
    var state: UInt64 = 7 &+ UInt64(count * 4 + kind)
    func noise() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    let values: [Double] = (0..<count).map { t in
      switch kind {
      case 0: return noise()
      case 1: return Double(t) * 3 + noise()
      case 2: return 100 + 10 * sin(Double(t) * .pi / 6) + noise()
      default: return Double(t % 3)
      }
    }
    return ARIMAFixture.dated(values, period: 12)
  }

  static let lengths = [1, 2, 3, 4, 6, 9, 13, 14, 15, 26]

  @Test("AutoARIMA fits every short series and forecasts finite values and intervals", arguments: lengths)
  func automatic(_ count: Int) throws {
    for kind in 0..<4 {
      var model = AutoARIMA()
      try model.fit(Self.series(count: count, kind: kind))
      let forecast = try model.forecast(horizon: 3, levels: [95])
      let bounds = forecast.intervals[0].lower + forecast.intervals[0].upper
      let finite = (forecast.values + bounds).allSatisfy(\.isFinite)
      #expect(finite, "n = \(count), kind \(kind): \(model.orderDescription ?? "")")
    }
  }

  @Test("a fixed order either forecasts finite values and intervals or says why it cannot", arguments: lengths)
  func fixed(_ count: Int) throws {
    let orders = [(ARIMAOrder(1, 1, 1), ARIMAOrder.none), (ARIMAOrder(0, 1, 1), ARIMAOrder(0, 1, 1)), (ARIMAOrder(2, 0, 1), ARIMAOrder(1, 0, 0))]
    for kind in 0..<4 {
      for (order, seasonalOrder) in orders {
        var model = ARIMA(order: order, seasonalOrder: seasonalOrder)
        do {
          try model.fit(Self.series(count: count, kind: kind))
        } catch let error as ModelError {
          #expect(!error.description.isEmpty)
          continue
        }
        let forecast = try model.forecast(horizon: 3, levels: [95])
        let bounds = forecast.intervals[0].lower + forecast.intervals[0].upper
        let finite = (forecast.values + bounds).allSatisfy(\.isFinite)
      #expect(finite, "n = \(count), kind \(kind): \(model.description)")
      }
    }
  }
}
