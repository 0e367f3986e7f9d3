import Dispatch
import ForecastSeries

/// Many series forecast one by one, in parallel on every core: for each, a method is fitted on all
/// but its last observations and scored on them beside seasonal naive, then fitted on the whole
/// series and forecast past its end with prediction intervals — `Holdout` and `FutureForecast`
/// per series, as statsforecast's `cross_validation` and `forecast` run over a `unique_id` column.
/// A series that cannot be forecast is reported with the reason; the others go on.
public struct BatchForecast: Sendable {
  /// One series' outcome.
  public struct Outcome: Sendable {
    /// The series' id.
    public var id: String
    /// The held-out observations, when the series could be scored.
    public var test: TimeSeries?
    /// The method's forecast of the test part, with intervals calibrated on the training part.
    public var testForecast: ForecastResult?
    /// The method's accuracy on the test part.
    public var metrics: ForecastMetrics?
    /// Seasonal naive's accuracy on the same test part (nil when it could not be fitted).
    public var baseline: ForecastMetrics?
    /// The forecast past the last date, fitted on the whole series.
    public var future: ForecastResult?
    /// Why the series could not be forecast, if it could not.
    public var failure: String?
  }

  /// A new, unfitted forecaster of the method for a series (networks need the series' period).
  public var makeForecaster: @Sendable (TimeSeries) throws -> any Forecaster
  /// Observations held out per series; nil holds out one season of each (`defaultHorizon`).
  public var testSize: Int?
  /// Steps forecast past each series' end; nil forecasts as many as the test part holds.
  public var horizon: Int?
  /// Prediction-interval levels in percent.
  public var levels: [Double]

  /// A batch that fits what `makeForecaster` makes on each series.
  public init(
    testSize: Int? = nil, horizon: Int? = nil, levels: [Double] = [80, 95],
    makeForecaster: @escaping @Sendable (TimeSeries) throws -> any Forecaster
  ) {
    self.makeForecaster = makeForecaster
    self.testSize = testSize
    self.horizon = horizon
    self.levels = levels
  }

  /// Forecasts every series, in parallel; the outcomes come in the order of `series`.
  public func run(_ series: [NamedSeries]) -> [Outcome] {
    concurrentMap(series.count) { forecast(series[$0]) }
  }

  /// Fits the method on each series, in parallel — on all but its test part, or on all of it when
  /// `testSize` is 0 — with intervals calibrated on what it was fitted on (for `horizon`, or one
  /// season): the models `forecast train --id-column` saves. In the order of `series`.
  public func fit(_ series: [NamedSeries]) -> [(id: String, model: Result<any Forecaster, any Error>)] {
    let models = concurrentMap(series.count) { index in
      let series = series[index].series
      return Result { () throws -> any Forecaster in
        let testSize = self.testSize ?? series.defaultHorizon
        if testSize > 0 {
          return try Holdout(try makeForecaster(series), on: series, testSize: testSize, comparisons: [], levels: levels).model
        }
        return try FutureForecast(try makeForecaster(series), on: series, horizon: horizon ?? series.defaultHorizon, levels: levels).model
      }
    }
    return zip(series, models).map { ($0.id, $1) }
  }

  /// One series' outcome.
  func forecast(_ named: NamedSeries) -> Outcome {
    var outcome = Outcome(id: named.id)
    do {
      let series = named.series
      let testSize = self.testSize ?? series.defaultHorizon
      let holdout = try Holdout(try makeForecaster(series), on: series, testSize: testSize, comparisons: [.seasonalNaive], levels: levels)
      outcome.test = holdout.test
      outcome.testForecast = holdout.scores[0].forecast
      outcome.metrics = holdout.scores[0].metrics
      outcome.baseline = holdout.scores.dropFirst().first?.metrics
      outcome.future = try FutureForecast(try makeForecaster(series), on: series, horizon: horizon ?? testSize, levels: levels).forecast
    } catch {
      outcome.failure = "\(error)"
    }
    return outcome
  }
}

extension BatchForecast.Outcome {
  /// An outcome with nothing in it yet.
  init(id: String) { self.id = id }
}
