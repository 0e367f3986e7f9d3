import Foundation
@testable import ForecastModels
import ForecastSeries
import Testing

@Suite("ARIMA of fixed orders, as statsforecast's ARIMA")
struct ARIMATests {
  /// The forecaster of a fixture case, unfitted.
  static func model(_ case_: ARIMAFixture.Fixed) -> ARIMA {
    ARIMA(order: ARIMAOrder(case_.order[0], case_.order[1], case_.order[2]),
          seasonalOrder: ARIMAOrder(case_.seasonalOrder[0], case_.seasonalOrder[1], case_.seasonalOrder[2]),
          seasonLength: case_.period, includeMean: case_.includeMean, includeDrift: case_.includeDrift)
  }

  /// The case's series and the forecaster fitted on it.
  static func fit(_ case_: ARIMAFixture.Fixed) -> Result<(TimeSeries, ARIMA), any Error> {
    Result {
      let series = try ARIMAFixture.shared.timeSeries(case_.series, period: case_.period)
      var arima = model(case_)
      try arima.fit(series)
      return (series, arima)
    }
  }

  /// Every fixed-order case fitted once, for all the tests that look at it.
  static let fixedFits = ARIMAFixture.shared.fixed.map(fit)
  /// Every flat-likelihood case fitted once.
  static let flatFits = ARIMAFixture.shared.flat.map(fit)

  static func fitted(_ index: Int) throws -> (TimeSeries, ARIMA) { try fixedFits[index].get() }

  @Test("coefficients, variance, likelihood and criteria are statsforecast's", arguments: ARIMAFixture.shared.fixed.indices)
  func estimates(_ index: Int) throws {
    let case_ = ARIMAFixture.shared.fixed[index]
    let (_, arima) = try Self.fitted(index)
    let fitted = try #require(arima.fittedModel)
    let label = "\(case_.series) \(case_.description)"
    #expect(arima.description == case_.description)
    #expect(fitted.coefficientNames == case_.coefficientNames, "\(label)")
    #expect(relativelyClose(fitted.coefficients, case_.coefficients, tolerance: 1e-4),
            "\(label): coefficients \(fitted.coefficients) vs \(case_.coefficients)")
    let statistics = [fitted.sigma2, fitted.logLikelihood, fitted.aic, fitted.aicc, fitted.bic]
    let theirs = [case_.sigma2, case_.loglik, case_.aic, case_.aicc, case_.bic]
    #expect(relativelyClose(statistics, theirs, tolerance: 1e-6), "\(label): \(statistics) vs \(theirs)")
  }

  @Test("forecasts and 80/95% intervals are statsforecast's", arguments: ARIMAFixture.shared.fixed.indices)
  func forecasts(_ index: Int) throws {
    let fixture = ARIMAFixture.shared
    let case_ = fixture.fixed[index]
    let (series, arima) = try Self.fitted(index)
    let forecast = try arima.forecast(horizon: fixture.horizon, levels: [95, 80])
    let label = "\(case_.series) \(case_.description)"
    let floor = scale(of: series.values)
    #expect(relativelyClose(forecast.values, case_.mean, tolerance: 1e-5, floor: floor),
            "\(label): worst \(worstDifference(forecast.values, case_.mean, floor: floor))")
    #expect(forecast.intervals.map(\.level) == [80, 95])
    for interval in forecast.intervals {
      let theirs = try #require(case_.intervals[String(Int(interval.level))])
      #expect(relativelyClose(interval.lower + interval.upper, theirs.lower + theirs.upper, tolerance: 1e-5, floor: floor),
              "\(label) \(interval.level)%: worst \(worstDifference(interval.lower + interval.upper, theirs.lower + theirs.upper, floor: floor))")
    }
    #expect(try arima.forecast(horizon: 3).values == Array(forecast.values.prefix(3)))
  }

  @Test("forecasting after new data runs the fitted coefficients over it, as statsforecast's forward", arguments: ARIMAFixture.shared.fixed.indices)
  func forward(_ index: Int) throws {
    let fixture = ARIMAFixture.shared
    let case_ = fixture.fixed[index]
    let (series, arima) = try Self.fitted(index)
    let longer = ARIMAFixture.dated(series.values + case_.forwardValues, period: case_.period)
    let forecast = try arima.forecast(horizon: fixture.horizon, after: longer, levels: [80, 95])
    let label = "\(case_.series) \(case_.description)"
    let floor = scale(of: series.values)
    #expect(relativelyClose(forecast.values, case_.forwardMean, tolerance: 1e-5, floor: floor),
            "\(label): worst \(worstDifference(forecast.values, case_.forwardMean, floor: floor))")
    for interval in forecast.intervals {
      let theirs = try #require(case_.forwardIntervals[String(Int(interval.level))])
      #expect(relativelyClose(interval.lower + interval.upper, theirs.lower + theirs.upper, tolerance: 1e-5, floor: floor),
              "\(label) \(interval.level)%: worst \(worstDifference(interval.lower + interval.upper, theirs.lower + theirs.upper, floor: floor))")
    }
    let dates = forecast.dates.map(DateParsing.format)
    #expect(dates.first == DateParsing.format(ARIMAFixture.dated(longer.values + [0], period: case_.period).dates.last!))
  }

  /// statsmodels evaluates the exact likelihood at statsforecast's coefficients; the port's
  /// coefficients agree with those, so its likelihood must agree with statsmodels'. (Both drop
  /// nothing here: statsforecast leaves out of the likelihood only observations whose
  /// prediction variance exceeds 10⁴ innovation variances.)
  @Test("the Kalman filter's likelihood of an undifferenced model is statsmodels' SARIMAX one")
  func likelihoodMatchesStatsmodels() throws {
    var checked = 0
    for (index, case_) in ARIMAFixture.shared.fixed.enumerated() {
      guard let expected = case_.statsmodelsLoglik else { continue }
      let (_, arima) = try Self.fitted(index)
      let ours = try #require(arima.fittedModel).logLikelihood
      #expect(relativelyClose([ours], [expected], tolerance: 1e-8), "\(case_.series) \(case_.description): \(ours) vs \(expected)")
      checked += 1
    }
    #expect(checked >= 4)
  }

  /// Where the likelihood is flat the optimiser's end point is set by rounding (see the
  /// fixture script), so only the height reached and the forecasts' neighbourhood are checked.
  @Test("on a flat likelihood the fit reaches statsforecast's height and forecasts near it", arguments: ARIMAFixture.shared.flat.indices)
  func flatLikelihood(_ index: Int) throws {
    let case_ = ARIMAFixture.shared.flat[index]
    let (series, arima) = try Self.flatFits[index].get()
    let fitted = try #require(arima.fittedModel)
    let label = "\(case_.series) \(case_.description)"
    #expect(arima.description == case_.description)
    #expect(fitted.logLikelihood >= case_.loglik - 1e-3 * abs(case_.loglik), "\(label): \(fitted.logLikelihood) vs \(case_.loglik)")
    let forecast = try arima.forecast(horizon: ARIMAFixture.shared.horizon)
    #expect(relativelyClose(forecast.values, case_.mean, tolerance: 0.02, floor: scale(of: series.values)),
            "\(label): worst \(worstDifference(forecast.values, case_.mean, floor: scale(of: series.values)))")
  }

  @Test("the stationary covariance is statsforecast's getQ0 (Gardner et al. 1980), bit for bit")
  func stationaryCovariance() {
    for case_ in ARIMAFixture.shared.q0 {
      let ours = ARIMAStateSpace.stationaryCovariance(phi: case_.phi, theta: case_.theta)
      #expect(ours == case_.q0, "φ \(case_.phi), θ \(case_.theta): worst \(worstDifference(ours, case_.q0))")
    }
  }

  @Test("a saved model loads as the same model and forecasts the same")
  func saveAndLoad() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (_, arima) = try Self.fitted(1)
    let url = directory.appendingPathComponent("arima")
    try arima.save(to: url)
    let loaded = try ARIMA.load(from: url)
    #expect(loaded.description == arima.description)
    #expect(try loaded.forecast(horizon: 12, levels: [80]) == arima.forecast(horizon: 12, levels: [80]))
    #expect(throws: ModelError.self) { try AutoARIMA.load(from: url) }
  }

  @Test("degenerate input gives a clear error or a documented fallback, never a trap")
  func refusals() throws {
    let series = try milk()
    var arima = ARIMA(order: ARIMAOrder(1, 1, 1))
    #expect(throws: ModelError.notFitted(method: "fixed-arima")) { try arima.forecast(horizon: 1) }

    var broken = series
    broken.columns[0][5] = .nan
    #expect(throws: ModelError.self) { try arima.fit(broken) }
    broken.columns[0][5] = .infinity
    #expect(throws: ModelError.self) { try arima.fit(broken) }

    var seasonal = ARIMA(order: ARIMAOrder(0, 1, 1), seasonalOrder: ARIMAOrder(0, 1, 1))
    #expect(throws: ModelError.self) { try seasonal.fit(series[0..<13]) }
    var conditioned = ARIMA(order: ARIMAOrder(2, 0, 0), seasonalOrder: ARIMAOrder(2, 0, 0), method: .css)
    #expect(throws: ModelError.self) { try conditioned.fit(series[0..<20]) }
    var negative = ARIMA(order: ARIMAOrder(-1, 0, 0))
    #expect(throws: ModelError.self) { try negative.fit(series) }
    var trend = ARIMA(order: ARIMAOrder(1, 0, 0), includeDrift: true)
    #expect(throws: ModelError.self) { try trend.fit(series) }
    var unseasonal = ARIMA(seasonalOrder: ARIMAOrder(1, 0, 0), seasonLength: 1)
    #expect(throws: ModelError.self) { try unseasonal.fit(series) }

    var constant = series
    constant.columns = [[Double](repeating: 7, count: series.count)]
    try arima.fit(constant)
    #expect(arima.notes.count == 1)
    let forecast = try arima.forecast(horizon: 4, levels: [95])
    #expect(forecast.values == [7, 7, 7, 7])
    #expect(forecast.intervals[0].lower == [7, 7, 7, 7] && forecast.intervals[0].upper == [7, 7, 7, 7])

    try arima.fit(series)
    #expect(arima.notes.isEmpty)
    #expect(throws: ModelError.self) { try arima.forecast(horizon: 2, levels: [100]) }
    #expect(throws: ModelError.self) { try arima.forecast(horizon: -1) }
    #expect(throws: ModelError.self) { try arima.forecast(horizon: 2, after: series[0..<1]) }

    var drifting = ARIMA(order: ARIMAOrder(0, 2, 1), includeDrift: true)
    try drifting.fit(series)
    #expect(drifting.fittedModel?.coefficientNames == ["ma1"] && drifting.notes.count == 1)
  }

  /// statsforecast's ML cannot leave its zero start on a differenced model (see `ARIMA`); that
  /// is reproduced. Its CSS forecasts are zero; here they start from the filtered state.
  @Test("CSS and ML alone estimate as statsforecast's; CSS forecasts from the end of the series")
  func methods() throws {
    let series = try milk()
    for case_ in ARIMAFixture.shared.methods {
      let method = try #require(ARIMAMethod(rawValue: case_.method))
      var arima = ARIMA(order: ARIMAOrder(case_.order[0], case_.order[1], case_.order[2]), method: method)
      try arima.fit(series)
      let fitted = try #require(arima.fittedModel)
      let label = "\(arima.description) by \(case_.method)"
      #expect(fitted.method == method)
      #expect(allClose(fitted.coefficients, case_.coefficients, tolerance: 1e-4), "\(label): \(fitted.coefficients) vs \(case_.coefficients)")
      #expect(relativelyClose([fitted.sigma2, fitted.logLikelihood], [case_.sigma2, case_.loglik], tolerance: 1e-6),
              "\(label): \([fitted.sigma2, fitted.logLikelihood]) vs \([case_.sigma2, case_.loglik])")
      #expect(fitted.aic.isNaN == (method == .css))
      let forecast = try arima.forecast(horizon: 2).values
      #expect(forecast.allSatisfy { abs($0 - 843) < 100 }, "\(label) forecasts near the last value, 843: \(forecast)")
    }
  }
}
