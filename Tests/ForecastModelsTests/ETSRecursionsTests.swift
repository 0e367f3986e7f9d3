import Foundation
@testable import ForecastModels
import Testing

@Suite("ETS recursions against statsforecast")
struct ETSRecursionsTests {
  let fixture = ETSFixture.shared

  /// The fixture's model run by our recursions over its series.
  func refiltered(_ filter: ETSFixture.Filter) -> ETSModel {
    let series = fixture.series[filter.series]!
    return ETSModel.filtered(
      series.train, specification: filter.specification, m: filter.m, alpha: filter.par[0]!, beta: filter.par[1],
      gamma: filter.par[2], phi: filter.par[3], initialState: filter.initialState, parameterCount: filter.nParams)
  }

  @Test("from statsforecast's parameters and initial states, fitted values, states, likelihood and forecasts agree to 1e-10")
  func filters() throws {
    #expect(fixture.filters.count == 42)
    for filter in fixture.filters {
      let model = refiltered(filter)
      let context = "\(filter.series) \(filter.model)"
      #expect(model.specification.components == filter.components, "\(context)")
      #expect(allClose(model.fitted, filter.fitted, tolerance: 1e-10), "\(context): fitted \(worstDifference(model.fitted, filter.fitted))")
      #expect(allClose(model.residuals, filter.residuals, tolerance: 1e-10), "\(context): residuals")
      #expect(allClose(model.finalState, filter.finalState, tolerance: 1e-10), "\(context): final state")
      let ours = [model.logLikelihood, model.aic, model.aicc, model.bic, model.sigma2, model.mse, model.amse]
      let theirs = [filter.loglik, filter.aic, filter.aicc, filter.bic, filter.sigma2, filter.mse, filter.amse]
      #expect(allClose(ours, theirs, tolerance: 1e-9), "\(context): statistics \(ours) vs \(theirs)")
      let forecast = model.forecast(horizon: filter.forecast.count)
      #expect(allClose(forecast, filter.forecast, tolerance: 1e-10), "\(context): forecast \(worstDifference(forecast, filter.forecast))")
    }
  }

  @Test("80% and 95% intervals of all fifteen models (classes 1-3) agree with statsforecast's to 1e-10")
  func intervals() throws {
    let withIntervals = fixture.filters.filter { $0.intervals != nil }
    #expect(withIntervals.count == 15)
    for filter in withIntervals {
      let model = refiltered(filter)
      let bands = try model.predictionIntervals(horizon: filter.forecast.count, levels: [95, 80])
      #expect(bands.map(\.level) == [80, 95])
      for band in bands {
        let theirs = filter.intervals!["\(Int(band.level))"]!
        #expect(allClose(band.lower, theirs.lower, tolerance: 1e-10), "\(filter.model) \(band.level)% lower \(worstDifference(band.lower, theirs.lower))")
        #expect(allClose(band.upper, theirs.upper, tolerance: 1e-10), "\(filter.model) \(band.level)% upper \(worstDifference(band.upper, theirs.upper))")
      }
    }
  }

  @Test("the normal quantiles of the intervals are scipy's")
  func normalQuantiles() {
    // scipy.stats.norm.ppf(0.9), .ppf(0.975), .ppf(1e-10)
    let ours = [NormalQuantile.of(0.9), NormalQuantile.of(0.975), NormalQuantile.of(1e-10)]
    #expect(allClose(ours, [1.2815515655446004, 1.959963984540054, -6.361340902404056], tolerance: 1e-14), "\(ours)")
    #expect(NormalQuantile.of(0.5) == 0)
  }

  @Test("a level outside (0, 100) is refused")
  func badLevels() throws {
    let model = refiltered(fixture.filters[0])
    #expect(throws: ModelError.self) { try model.predictionIntervals(horizon: 3, levels: [100]) }
    #expect(throws: ModelError.self) { try model.predictionIntervals(horizon: 3, levels: [-5]) }
  }
}
