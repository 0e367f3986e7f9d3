import Foundation
import ForecastModels
import Testing

@Suite("AutoETS's choice against statsforecast")
struct ETSSelectionTests {
  let fixture = ETSFixture.shared

  @Test("on milk, 17 accuracy-set series, without season and on short series, the same model, AICc, forecasts and 80/95% intervals as statsforecast's AutoETS", arguments: 0..<21)
  func selection(_ index: Int) throws {
    let expected = fixture.selections[index]
    let series = fixture.series[expected.series]!
    let model = try ETSModel.fit(series.train, seasonLength: expected.m)
    #expect(model.specification.components == expected.components, "\(expected.series): \(model.specification)")
    #expect(allClose([model.aicc], [expected.aicc], tolerance: 1e-9), "\(expected.series): AICc \(model.aicc) vs \(expected.aicc)")
    let forecast = model.forecast(horizon: expected.h)
    #expect(allClose(forecast, expected.forecast, tolerance: 1e-6), "\(expected.series): forecast \(worstDifference(forecast, expected.forecast))")
    for band in try model.predictionIntervals(horizon: expected.h, levels: [80, 95]) {
      let theirs = expected.intervals["\(Int(band.level))"]!
      #expect(allClose(band.lower, theirs.lower, tolerance: 1e-6), "\(expected.series) \(band.level)% lower \(worstDifference(band.lower, theirs.lower))")
      #expect(allClose(band.upper, theirs.upper, tolerance: 1e-6), "\(expected.series) \(band.level)% upper \(worstDifference(band.upper, theirs.upper))")
    }
  }

  @Test("forward: the fitted model run over the whole series forecasts as statsforecast's forward", arguments: 0..<2)
  func forward(_ index: Int) throws {
    let expected = fixture.forwards[index]
    let series = fixture.series[expected.series]!
    let model = try ETSModel.fit(series.train, seasonLength: expected.m)
    #expect(model.specification.components == expected.components)
    let applied = try model.applied(to: series.values)
    #expect(applied.initialState == model.initialState && applied.alpha == model.alpha)
    let forecast = applied.forecast(horizon: expected.h)
    #expect(allClose(forecast, expected.forecast, tolerance: 1e-6), "\(expected.series): \(worstDifference(forecast, expected.forecast))")
    for band in try applied.predictionIntervals(horizon: expected.h, levels: [80, 95]) {
      let theirs = expected.intervals["\(Int(band.level))"]!
      #expect(allClose(band.lower, theirs.lower, tolerance: 1e-6) && allClose(band.upper, theirs.upper, tolerance: 1e-6), "\(expected.series) \(band.level)%")
    }
  }

  @Test("fitting one given model reproduces statsforecast's estimates where both start from the same states")
  func fixedModels() throws {
    // Damped and trendless models: their starting states are computed the same to the last bit, or
    // their optimum does not depend on it. (Undamped trends start from NumPy's `lstsq`, whose
    // rounding we do not reproduce; from such a start a 1000-step search can end elsewhere.)
    let models = fixture.filters.filter { $0.series == "milk" && ($0.specification.damped || $0.specification.trend == .none) }
    #expect(models.count == 10)
    let milk = fixture.series["milk"]!
    for filter in models {
      let model = try ETSModel.fit(milk.train, seasonLength: 12, model: filter.model)
      let theirs = filter.par.map { $0 ?? .nan }
      let ours = [model.alpha, model.beta ?? .nan, model.gamma ?? .nan, model.phi ?? .nan] + model.initialState
      #expect(zip(ours, theirs).allSatisfy { $0.isNaN && $1.isNaN || abs($0 - $1) <= 1e-6 * max(abs($1), 1) }, "\(filter.model): \(ours) vs \(theirs)")
      #expect(allClose(model.forecast(horizon: 12), filter.forecast, tolerance: 1e-6), "\(filter.model)")
    }
  }
}
