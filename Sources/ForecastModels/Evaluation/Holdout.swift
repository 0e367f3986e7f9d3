import ForecastSeries

/// One method's forecast of a test part, with its accuracy.
public struct ScoredForecast: Sendable {
  /// The method's name in tables (`seasonal naive`).
  public var name: String
  /// The fitted model that made the forecast.
  public var model: any Forecaster
  /// The forecast of the test part.
  public var forecast: ForecastResult
  /// Its accuracy against the test part.
  public var metrics: ForecastMetrics
}

/// A method evaluated on the last observations of a series, beside the methods it must beat: each
/// is fitted on the training part only, forecasts the test part, and is scored against it.
public struct Holdout: Sendable {
  /// The observations fitted on.
  public var train: TimeSeries
  /// The held-out observations forecast.
  public var test: TimeSeries
  /// The chosen method, fitted on `train`.
  public var model: any Forecaster { scores[0].model }
  /// The chosen method's forecast first, then each comparison's.
  public var scores: [ScoredForecast]
  /// Comparisons that could not be fitted on this series, and why.
  public var skipped: [(name: String, reason: String)]

  /// Fits `model` and each of `comparisons` (other than the model's own method) on all but the
  /// last `testSize` observations of `series`, forecasts those and scores them. With `refit`
  /// false, `model` is already fitted (a saved model): it keeps its parameters and forecasts
  /// after the training part. With `levels`, the model's forecast has prediction intervals,
  /// calibrated on the training part only (or, without refitting, the model's own); a model
  /// that cannot give them says why in the forecast's notes.
  /// - Throws: what splitting the series or fitting `model` throws; a comparison that fails is
  ///   listed in `skipped` instead.
  public init(
    _ model: any Forecaster, on series: TimeSeries, testSize: Int,
    comparisons: [ForecastMethod] = ForecastMethod.comparisons, refit: Bool = true, levels: [Double] = []
  ) throws {
    (train, test) = try series.split(testSize: testSize)
    var model = model
    do {
      if refit { try model.fit(train, calibratingFor: levels.isEmpty ? nil : testSize) }
    } catch ModelError.unsuitableSeries(let message) {
      throw ModelError.unsuitableSeries("\(message) The training part is the series' \(series.count) observations less the last \(testSize) held out for testing.")
    }
    let period = train.seasonalPeriod
    let (train, test) = (train, test)
    func score(_ name: String, _ model: any Forecaster, _ forecast: ForecastResult) throws -> ScoredForecast {
      let metrics = try ForecastMetrics(actual: test.values, forecast: forecast.values, training: train.values, period: period)
      return ScoredForecast(name: name, model: model, forecast: forecast, metrics: metrics)
    }
    let note = refit ? model.prepareIntervals(on: train, horizon: testSize, levels: levels) : nil
    var forecast = refit ? try model.forecast(horizon: testSize, levels: levels) : try model.forecast(horizon: testSize, after: train, levels: levels)
    if let note { forecast.notes = [note] }
    scores = [try score(model.methodName, model, forecast)]
    skipped = []
    // Classical members of a combination already fitted on the same training part are the very
    // models a comparison would fit again (same data, same defaults): they are reused.
    var fitted = Self.classicalMembers(of: model)
    for method in comparisons where method.rawValue != model.methodName {
      do {
        var comparison = fitted[method] ?? method.makeForecaster()
        if fitted[method] == nil { try comparison.fit(train) }
        fitted.merge(Self.classicalMembers(of: comparison)) { first, _ in first }
        scores.append(try score(method.displayName, comparison, try comparison.forecast(horizon: testSize)))
      } catch {
        skipped.append((method.displayName, "\(error)"))
      }
    }
  }

  /// The fitted classical members (ETS, ARIMA, Theta with their defaults) of an ensemble or of
  /// auto's pool.
  private static func classicalMembers(of model: any Forecaster) -> [ForecastMethod: any Forecaster] {
    let members = (model as? EnsembleForecaster)?.members ?? (model as? AutoForecaster)?.chosen?.members ?? []
    var found: [ForecastMethod: any Forecaster] = [:]
    for member in members {
      guard let method = ForecastMethod(rawValue: member.methodName), [.ets, .arima, .theta].contains(method) else { continue }
      found[method] = member
    }
    return found
  }
}
