import Foundation
@testable import ForecastModels
import Testing

@Suite("Differences for AutoARIMA: KPSS, seasonal strength and STL, as statsforecast and statsmodels")
struct ARIMADifferencingTests {
  @Test("STL with statsforecast's settings decomposes as statsmodels' STL")
  func stl() throws {
    let fixture = ARIMAFixture.shared.stl
    let values = try milk().values
    let (seasonal, trend) = STL(period: fixture.period, seasonal: fixture.seasonalWindow, seasonalDegree: 0).decompose(values)
    #expect(allClose(seasonal, fixture.seasonal, tolerance: 1e-10), "worst \(worstDifference(seasonal, fixture.seasonal))")
    #expect(allClose(trend, fixture.trend, tolerance: 1e-10), "worst \(worstDifference(trend, fixture.trend))")
  }

  @Test("numbers of differences and the seasonal strength are statsforecast's ndiffs, nsdiffs and seas_heuristic")
  func differences() throws {
    for case_ in ARIMAFixture.shared.auto {
      let values = try #require(ARIMAFixture.shared.series[case_.series])
      #expect(ARIMADifferencing.firstDifferences(values, maxD: 2) == case_.ndiffs, "\(case_.series)")
      #expect(ARIMADifferencing.seasonalDifferences(values, period: case_.period, maxD: 1) == case_.nsdiffs, "\(case_.series)")
      let strength = ARIMADifferencing.seasonalStrength(values, period: case_.period)
      #expect(allClose([strength], [case_.seasonalStrength], tolerance: 1e-10), "\(case_.series): \(strength) vs \(case_.seasonalStrength)")
    }
  }

  @Test("the KPSS test rejects a random walk and not white noise; constant and tiny series need no difference")
  func kpss() {
    var state: UInt64 = 42
    func uniform() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    let noise = (0..<200).map { _ in uniform() }
    var walk = [0.0]
    for value in noise { walk.append(walk[walk.count - 1] + value) }
    #expect(ARIMADifferencing.kpssRejects(walk))
    #expect(!ARIMADifferencing.kpssRejects(noise))
    #expect(ARIMADifferencing.firstDifferences([2, 2, 2, 2], maxD: 2) == 0)
    #expect(ARIMADifferencing.firstDifferences([1], maxD: 2) == 0)
    #expect(ARIMADifferencing.seasonalDifferences([1, 2, 3], period: 12, maxD: 1) == 0)
  }
}
