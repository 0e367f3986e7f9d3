import ForecastSeries

extension Backtest {
  /// Why the global network has no intervals: it gives point forecasts only.
  static let globalIntervalNote =
    "every origin: the global network forecasts points only (conformal intervals would need it fitted again across all series at earlier origins)"

  /// The settings of the global network for `tasks`: `MethodSettings.global`, or
  /// `NetworkSettings.global` predicting the longest horizon at once.
  func globalSettings(for tasks: [Task]) -> NetworkSettings {
    if let global = settings.global { return global }
    var settings = NetworkSettings.global
    settings.outputSteps = tasks.map(\.horizon).max() ?? settings.outputSteps
    return settings
  }

  /// The global network at origin `origin`: one network fitted on the training parts of every
  /// task long enough for it (`GlobalNetwork.minimumLength`), whose forecast of each task is
  /// scored as any method's. Per task, in order: its accuracy, or why it has none.
  func evaluateGlobal(origin: Int, on tasks: [Task]) -> [Result<ForecastMetrics, any Error>] {
    let settings = globalSettings(for: tasks)
    var scores = [Result<ForecastMetrics, any Error>](repeating: .failure(ModelError.unsuitableSeries("not forecast")), count: tasks.count)
    var parts: [Int: (train: TimeSeries, test: TimeSeries)] = [:]
    for (index, task) in tasks.enumerated() {
      do {
        let part = try self.parts(of: task, origin: origin)
        try GlobalNetwork.checkLength(NamedSeries(id: task.series.id, series: part.train), settings: settings)
        parts[index] = part
      } catch {
        scores[index] = .failure(error)
      }
    }
    guard !parts.isEmpty else { return scores }
    do {
      // Series named by their task's position: the tasks' own ids need not be unique.
      var network = GlobalNetwork(settings: settings)
      try network.fit(parts.keys.sorted().map { NamedSeries(id: String($0), series: parts[$0]!.train) })
      let forecasts = try network.forecast(horizons: Dictionary(uniqueKeysWithValues: parts.keys.map { (String($0), tasks[$0].horizon) }))
      for (index, part) in parts {
        scores[index] = Result {
          try ForecastMetrics(actual: part.test.values, forecast: forecasts[String(index)]!.values, training: part.train.values, period: part.train.seasonalPeriod)
        }
      }
    } catch {
      for index in parts.keys { scores[index] = .failure(error) }
    }
    return scores
  }

  /// The global network's outcome on `task` from its `scores` at each origin: a failure at any
  /// origin fails the task, as for the other methods.
  func globalOutcome(_ task: Task, scores: [Result<ForecastMetrics, any Error>]) -> Outcome {
    do {
      let metrics = try scores.map { try $0.get() }
      return Outcome(id: task.series.id, method: .global, origins: metrics, intervalNote: levels.isEmpty ? nil : Self.globalIntervalNote)
    } catch {
      return Outcome(id: task.series.id, method: .global, origins: [], failure: "\(error)")
    }
  }
}
