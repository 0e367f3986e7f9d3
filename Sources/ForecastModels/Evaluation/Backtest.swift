import Dispatch
import Foundation
import ForecastSeries

/// Rolling-origin evaluation of methods over many series, as statsforecast's `cross_validation`:
/// for each origin, every method is fitted on the observations before it (never on anything
/// after) and forecasts the next `horizon`, which are scored. Origin 0 holds out the last
/// `horizon` observations; origin k ends `k × stride` observations earlier.
///
/// Series and methods run in parallel across every core of the machine. The `global` method is
/// one network per origin, fitted on the training parts of all the series at once and scored on
/// each as the others are; it gives point forecasts only.
public struct Backtest: Sendable {
  /// The methods compared.
  public var methods: [ForecastMethod]
  /// How the configurable methods are made.
  public var settings: MethodSettings
  /// Forecast origins per series (1: a single holdout).
  public var origins: Int
  /// Observations between consecutive origins; nil for the horizon.
  public var stride: Int?
  /// Prediction-interval levels (percent) to score; empty for point forecasts only. Methods
  /// without analytic intervals are calibrated on each origin's training part
  /// (`Forecaster.calibrate(on:horizon:)`).
  public var levels: [Double]

  /// A backtest of `methods` made with `settings`, with `origins` origins `stride` apart.
  public init(
    methods: [ForecastMethod], settings: MethodSettings = MethodSettings(), origins: Int = 1, stride: Int? = nil,
    levels: [Double] = []
  ) {
    self.levels = levels
    self.methods = methods
    self.settings = settings
    self.origins = origins
    self.stride = stride
  }

  /// A series to backtest and how far ahead to forecast it.
  public struct Task: Sendable {
    /// The series and its name.
    public var series: NamedSeries
    /// Observations forecast from each origin.
    public var horizon: Int

    /// Forecasts of `horizon` steps of `series`.
    public init(series: NamedSeries, horizon: Int) {
      self.series = series
      self.horizon = horizon
    }
  }

  /// One method on one series: its accuracy averaged over the origins, or why it failed.
  public struct Outcome: Sendable {
    /// The series' id.
    public var id: String
    /// The method.
    public var method: ForecastMethod
    /// The accuracy at each origin, origin 0 (the last) first; empty when the method failed.
    public var origins: [ForecastMetrics]
    /// The intervals' scores at each origin whose intervals could be made (none without levels).
    public var intervals: [IntervalScore] = []
    /// Why intervals are missing at some origin, if they are.
    public var intervalNote: String?
    /// Why the method could not be fitted or could not forecast, if it failed.
    public var failure: String?

    /// The mean of each measure over the origins; nil when the method failed.
    public var mean: ForecastMetrics? { origins.isEmpty ? nil : ForecastMetrics.mean(origins) }
  }

  /// Runs every method on every task, in parallel; the outcomes come in task order, then method
  /// order. The global network is fitted once per origin on every task's training part
  /// (`evaluateGlobal(origin:on:)`), beside the per-series fits.
  public func run(_ tasks: [Task]) -> [Outcome] {
    let globalOrigins = methods.contains(.global) ? origins : 0
    let jobs = tasks.indices.flatMap { task in methods.filter { $0 != .global }.map { (task, $0) } }
    let results = Slots<Outcome>(count: jobs.count)
    let global = Slots<[Result<ForecastMetrics, any Error>]>(count: globalOrigins)
    // The global fits are the longest jobs: they start first.
    DispatchQueue.concurrentPerform(iterations: globalOrigins + jobs.count) { index in
      if index < globalOrigins {
        global[index] = evaluateGlobal(origin: index, on: tasks)
      } else {
        let (task, method) = jobs[index - globalOrigins]
        results[index - globalOrigins] = evaluate(method, on: tasks[task])
      }
    }
    var perSeries = results.values.makeIterator()
    let globalScores = global.values
    return tasks.indices.flatMap { task in
      methods.map { method in
        method == .global ? globalOutcome(tasks[task], scores: globalScores.map { $0[task] }) : perSeries.next()!
      }
    }
  }

  /// The training part and the test part of `task` at origin `origin`.
  /// - Throws: `ModelError.unsuitableSeries` when the origin leaves no training data.
  func parts(of task: Task, origin: Int) throws(ModelError) -> (train: TimeSeries, test: TimeSeries) {
    let series = task.series.series
    let step = stride ?? task.horizon
    let end = series.count - origin * step
    guard end - task.horizon >= 1 else {
      throw .unsuitableSeries(
        "Origin \(origin + 1) of \(origins) would leave no training data: the series has \(series.count) observations, the horizon is \(task.horizon) and origins are \(step) apart.")
    }
    return (series[0..<end - task.horizon], series[end - task.horizon..<end])
  }

  /// One method on one series, over every origin.
  func evaluate(_ method: ForecastMethod, on task: Task) -> Outcome {
    var scores: [ForecastMetrics] = []
    var intervals: [IntervalScore] = []
    var intervalNote: String?
    do {
      for origin in 0..<origins {
        let (train, test) = try parts(of: task, origin: origin)
        var model = method.makeForecaster(settings)
        try model.fit(train, calibratingFor: levels.isEmpty ? nil : task.horizon)
        let forecast = try model.forecast(horizon: task.horizon)
        scores.append(try ForecastMetrics(actual: test.values, forecast: forecast.values, training: train.values, period: train.seasonalPeriod))
        if !levels.isEmpty {
          do {
            try model.prepareIntervals(on: train, horizon: task.horizon)
            let banded = try model.forecast(horizon: task.horizon, levels: levels)
            guard banded.intervals.count == levels.count else { throw ModelError.unsuitableSeries(banded.notes.joined(separator: " ")) }
            intervals.append(try IntervalScore(actual: test.values, intervals: banded.intervals, training: train.values, period: train.seasonalPeriod))
          } catch {
            intervalNote = intervalNote ?? "origin \(origin + 1): \(error)"
          }
        }
      }
      return Outcome(id: task.series.id, method: method, origins: scores, intervals: intervals, intervalNote: intervalNote)
    } catch {
      return Outcome(id: task.series.id, method: method, origins: [], failure: "\(error)")
    }
  }
}

extension ForecastMetrics {
  /// Each measure's mean over `metrics` (which must not be empty).
  public static func mean(_ metrics: [ForecastMetrics]) -> ForecastMetrics {
    precondition(!metrics.isEmpty, "A mean needs at least one set of metrics")
    let n = Double(metrics.count)
    func average(_ measure: KeyPath<ForecastMetrics, Double>) -> Double { metrics.reduce(0) { $0 + $1[keyPath: measure] } / n }
    return ForecastMetrics(
      rmse: average(\.rmse), mae: average(\.mae), mape: average(\.mape), smape: average(\.smape), mase: average(\.mase))
  }
}

extension Backtest {
  /// A method's accuracy over every series it could forecast.
  public struct Summary: Sendable {
    /// The method.
    public var method: ForecastMethod
    /// The series it forecast (those it failed on are left out).
    public var series: Int
    /// The series it failed on.
    public var failures: Int
    /// Each measure averaged over the series (each series' own mean over origins).
    public var mean: ForecastMetrics?
    /// The median over the series of their MASE.
    public var medianMASE: Double?
    /// The series whose intervals could be scored at every origin.
    public var intervalSeries: Int
    /// Per level, the mean coverage over those series (each series' mean over its origins).
    public var coverage: [Double: Double]
    /// The mean MSIS over those series.
    public var msis: Double?
  }

  /// One summary per method, in the order of `methods`.
  public static func summarize(_ outcomes: [Outcome], methods: [ForecastMethod]) -> [Summary] {
    methods.map { method in
      let own = outcomes.filter { $0.method == method }
      let means = own.compactMap(\.mean)
      let scored = own.filter { !$0.intervals.isEmpty && $0.intervals.count == $0.origins.count }
      func mean(_ value: (IntervalScore) -> Double) -> Double {
        Statistics.mean(scored.map { outcome in Statistics.mean(outcome.intervals.map(value)) })
      }
      let levels = Set(scored.flatMap { $0.intervals.flatMap(\.coverage.keys) })
      return Summary(
        method: method, series: means.count, failures: own.count - means.count,
        mean: means.isEmpty ? nil : ForecastMetrics.mean(means),
        medianMASE: means.isEmpty ? nil : Statistics.quantile(means.map(\.mase).sorted(), 0.5),
        intervalSeries: scored.count,
        coverage: Dictionary(uniqueKeysWithValues: levels.map { level in (level, mean { $0.coverage[level] ?? .nan }) }),
        msis: scored.isEmpty ? nil : mean(\.msis))
    }
  }
}

