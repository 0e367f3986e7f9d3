import Foundation
import ForecastKernels
import ForecastSeries

extension GlobalNetwork {
  /// The forecasts of the series fitted on, `horizons[id]` steps after the end of each: all
  /// series go through each network together, block after block of `outputSteps`.
  /// - Parameter horizons: steps to forecast per series id; ids left out are not forecast.
  /// - Returns: each forecast by id, dated at its series' frequency.
  /// - Throws: `ModelError.notFitted` before `fit`; `.unsuitableSeries` for an id not fitted on
  ///   or a series whose frequency is unknown.
  public func forecast(horizons: [String: Int]) throws -> [String: ForecastResult] {
    guard isFitted else { throw ModelError.notFitted(method: methodName) }
    let byID = Dictionary(uniqueKeysWithValues: series.map { ($0.id, $0) })
    let chosen = try horizons.sorted { $0.key < $1.key }.map { id, horizon throws(ModelError) in
      guard let normalised = byID[id] else {
        throw ModelError.unsuitableSeries("The global network was not fitted on a series '\(id)'; it knows \(series.count) series (\(ids.prefix(3).joined(separator: ", "))\(series.count > 3 ? ", …" : "")).")
      }
      return (normalised, horizon)
    }
    let scaled = try forecastScaled(chosen)
    var results: [String: ForecastResult] = [:]
    for ((normalised, _), values) in zip(chosen, scaled) { results[normalised.id] = try normalised.inverse(values) }
    return results
  }

  /// The `horizon` values after the series fitted on (as a `Forecaster`: fitted on one series).
  /// - Throws: `ModelError.notFitted` before `fit`; `.unsuitableSeries` when fitted on several
  ///   series (use `forecast(horizons:)`).
  public func forecast(horizon: Int) throws -> ForecastResult {
    guard isFitted else { throw ModelError.notFitted(method: methodName) }
    guard series.count == 1 else {
      throw ModelError.unsuitableSeries("The global network was fitted on \(series.count) series; name the series to forecast with forecast(horizons:).")
    }
    return try forecast(horizons: [series[0].id: horizon])[series[0].id]!
  }

  /// The `horizon` values after `history` — any series, fitted on or not — with the trained
  /// networks: the series is normalised by itself, as every series was in training.
  /// - Throws: `ModelError.notFitted` before `fit`; `.unsuitableSeries` for a history shorter
  ///   than the window or of a seasonal period the network was not trained on.
  public func forecast(horizon: Int, after history: TimeSeries) throws -> ForecastResult {
    guard isFitted else { throw ModelError.notFitted(method: methodName) }
    let named = NamedSeries(id: history.columnNames.first ?? "value", series: history)
    let normalised = try NormalisedSeries.fitting(named, window: settings.window, boxCox: settings.scaling == .boxCoxLevel).series
    return try normalised.inverse(try forecastScaled([(normalised, horizon)])[0])
  }

  /// The scaled forecasts of `requests` (each series with its horizon): each block of
  /// `outputSteps` is the members' median of the networks' outputs (from the level, in units of
  /// the series' spread); it is appended to the window and the level moves through it, until
  /// every horizon is covered.
  /// - Throws: `ModelError.unsuitableSeries` for a series of a period not trained on.
  func forecastScaled(_ requests: [(series: NormalisedSeries, horizon: Int)]) throws -> [[Double]] {
    for (normalised, _) in requests where !periods.contains(normalised.period) {
      throw ModelError.unsuitableSeries(
        "The global network was trained on series of periods \(periods.map(String.init).joined(separator: ", ")); '\(normalised.id)' has period \(normalised.period). Fit it on series of that period too.")
    }
    guard !requests.isEmpty else { return [] }
    let (window, features) = (settings.window, GlobalWindows.features(periods: periods))
    var windows = requests.map(\.series.lastWindow)
    var levels = requests.map(\.series.lastLevel)
    var forecasts = requests.map { _ in [Double]() }
    let longest = requests.map(\.horizon).max() ?? 0
    var inputs: [Float] = []
    inputs.reserveCapacity(requests.count * window * features)
    var done = 0
    var networks = EnsemblePrediction(members: members, samples: requests.count)
    while done < longest {
      inputs.removeAll(keepingCapacity: true)
      for (index, request) in requests.enumerated() {
        GlobalWindows.appendInputs(windows[index], level: levels[index], of: request.series, periods: periods, to: &inputs)
      }
      networks.predict(inputs)
      let steps = min(settings.outputSteps, longest - done)
      for index in requests.indices {
        let block = (0..<steps).map { step in
          requests[index].series.scaled(networks.median(index * settings.outputSteps + step), level: levels[index])
        }
        forecasts[index] += block
        windows[index] = Array((windows[index] + block).suffix(window))
        for value in block { levels[index] = requests[index].series.scaling.nextLevel(levels[index], value) }
      }
      done += steps
    }
    return zip(forecasts, requests).map { Array($0.prefix($1.horizon)) }
  }
}
