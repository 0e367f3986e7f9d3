import ForecastSeries

extension BatchForecast {
  /// Many series forecast by one global network: a `GlobalNetwork` fitted on the training parts
  /// of all series long enough for it forecasts each test part (scored beside seasonal naive, as
  /// `run` scores any method), and another fitted on the whole series forecasts past their ends.
  /// Point forecasts only: conformal intervals would need the network fitted again across all
  /// series at earlier origins. Series too short for the network are reported as failures.
  /// - Parameters:
  ///   - series: the series, each with its id; the outcomes come in their order.
  ///   - settings: the network's (`NetworkSettings.global` by default); its output steps become
  ///     the longest horizon asked for.
  public func runGlobal(_ series: [NamedSeries], settings: NetworkSettings = .global) -> [Outcome] {
    var outcomes = series.map { Outcome(id: $0.id) }
    var parts: [Int: (train: TimeSeries, test: TimeSeries)] = [:]
    for (index, named) in series.enumerated() {
      do {
        parts[index] = try named.series.split(testSize: testSize ?? named.series.defaultHorizon)
      } catch {
        outcomes[index].failure = "\(error)"
      }
    }
    var settings = settings
    settings.outputSteps = parts.values.map { Swift.max($0.test.count, horizon ?? $0.test.count) }.max() ?? settings.outputSteps
    // Series are named by position in the networks: ids in a file need not be unique.
    func fitAndForecast(_ chosen: [Int: TimeSeries], horizons: [Int: Int]) -> [Int: Result<ForecastResult, any Error>] {
      var results: [Int: Result<ForecastResult, any Error>] = [:]
      var usable: [NamedSeries] = []
      for (index, part) in chosen.sorted(by: { $0.key < $1.key }) {
        do throws(ModelError) {
          try GlobalNetwork.checkLength(NamedSeries(id: series[index].id, series: part), settings: settings)
          usable.append(NamedSeries(id: String(index), series: part))
        } catch {
          results[index] = .failure(error)
        }
      }
      guard !usable.isEmpty else { return results }
      do {
        var network = GlobalNetwork(settings: settings)
        try network.fit(usable)
        let forecasts = try network.forecast(horizons: Dictionary(uniqueKeysWithValues: usable.map { ($0.id, horizons[Int($0.id)!]!) }))
        for named in usable { results[Int(named.id)!] = .success(forecasts[named.id]!) }
      } catch {
        for named in usable { results[Int(named.id)!] = .failure(error) }
      }
      return results
    }
    let tested = fitAndForecast(parts.mapValues(\.train), horizons: parts.mapValues(\.test.count))
    for (index, part) in parts {
      do {
        let forecast = try tested[index]!.get()
        var baseline = BaselineForecaster(.seasonalNaive)
        try baseline.fit(part.train)
        let period = part.train.seasonalPeriod
        outcomes[index].test = part.test
        outcomes[index].testForecast = forecast
        outcomes[index].metrics = try ForecastMetrics(actual: part.test.values, forecast: forecast.values, training: part.train.values, period: period)
        outcomes[index].baseline = try ForecastMetrics(
          actual: part.test.values, forecast: try baseline.forecast(horizon: part.test.count).values, training: part.train.values, period: period)
      } catch {
        outcomes[index].failure = "\(error)"
      }
    }
    let whole = Dictionary(uniqueKeysWithValues: parts.keys.map { ($0, series[$0].series) })
    let future = fitAndForecast(whole, horizons: parts.mapValues { horizon ?? $0.test.count })
    for (index, result) in future {
      switch result {
      case .success(let forecast): outcomes[index].future = forecast
      case .failure(let error): outcomes[index].failure = outcomes[index].failure ?? "\(error)"
      }
    }
    return outcomes
  }
}
