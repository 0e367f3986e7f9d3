import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// `forecast backtest`: methods compared on one series or many, at one origin or several.
struct BacktestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backtest",
    abstract: "Compare methods on one series or many (long format), on a holdout or at rolling origins.",
    discussion: """
      Every method is fitted on the observations before each origin only and forecasts the next ones. \
      With --accuracy-set DIR (the project's ../shared/bench), each series is forecast over its own horizon and \
      statsforecast's scores on the same series are printed beside ours.
      """)

  @OptionGroup var data: DataOptions

  @OptionGroup var many: ManySeriesOptions

  @Option(help: "A folder holding dev-series.csv, dev-index.json and dev-anchors-mase.csv (the accuracy set); overrides --csv.")
  var accuracySet: String?

  @Option(help: "Methods to compare, separated by commas. (default: \(ForecastMethod.comparisons.map(\.rawValue).joined(separator: ",")))")
  var method: String?

  @OptionGroup var network: NetworkOptions
  @OptionGroup var combination: CombinationOptions

  @Option(parsing: .unconditional, help: "Observations forecast from each origin. (default: the accuracy set's horizon, else one season of each series, at least 4)")
  var testSize: Int?

  @Option(parsing: .unconditional, help: "Forecast origins per series; origin 1 holds out the last observations, each next one ends --stride earlier.")
  var origins = 1

  @Option(parsing: .unconditional, help: "Observations between origins. (default: the test size)")
  var stride: Int?

  @OptionGroup var intervals: IntervalOptions

  @Flag(help: "Score point forecasts only: no intervals, no calibration fits.")
  var pointOnly = false

  @Option(help: "A CSV of statsforecast's interval scores per series (series,method,coverage_80,coverage_95,msis), printed beside ours: Benchmarks/statsforecast-intervals.csv.")
  var intervalAnchors: String?

  @Option(help: "table (the mean per method), csv or json (every series, method and origin).")
  var format: OutputFormat = .table

  func validate() throws {
    if let testSize, testSize < 1 { throw ValidationError("--test-size must be at least 1, received \(testSize).") }
    guard (1...1000).contains(origins) else { throw ValidationError("--origins must be between 1 and 1000, received \(origins).") }
    if let stride, stride < 1 { throw ValidationError("--stride must be at least 1, received \(stride).") }
    _ = try methods(method, option: "--method")
  }

  func run() throws {
    let methods = try methods(method, option: "--method") ?? ForecastMethod.comparisons
    let set = try accuracySet.map(AccuracySet.init(folder:))
    let series: [NamedSeries]
    if let set {
      series = try TimeSeries.readLong(csv: set.seriesPath, options: LongCSVOptions(idColumn: "series"))
    } else if let idColumn = many.idColumn {
      series = try many.load(data, idColumn: idColumn).series
    } else {
      series = [NamedSeries(id: URL(fileURLWithPath: data.path).deletingPathExtension().lastPathComponent, series: try data.load())]
    }
    let tasks = try series.map { named in
      guard let horizon = testSize ?? set.map({ $0.horizons[named.id] }) ?? named.series.defaultHorizon else {
        throw CLIError.input("The accuracy set's index has no horizon for the series '\(named.id)'.")
      }
      return Backtest.Task(series: named, horizon: horizon)
    }
    let start = ContinuousClock.now
    var settings = try combination.apply(to: MethodSettings())
    settings.network = network.settings(over: .recommended)
    settings.hybrid = network.settings(over: .hybrid())
    let backtest = Backtest(methods: methods, settings: settings, origins: origins, stride: stride, levels: pointOnly ? [] : intervals.sorted)
    let outcomes = backtest.run(tasks)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    switch format {
    case .table:
      let anchors = try intervalAnchors.map(IntervalAnchors.init(path:))
      printTable(outcomes, tasks: tasks, methods: methods, set: set, intervalAnchors: anchors, seconds: seconds)
    case .csv: printCSV(outcomes)
    case .json: try printJSON(outcomes, methods: methods)
    }
  }

  private func printTable(
    _ outcomes: [Backtest.Outcome], tasks: [Backtest.Task], methods: [ForecastMethod], set: AccuracySet?,
    intervalAnchors: IntervalAnchors?, seconds: Double
  ) {
    let levels = pointOnly ? [] : intervals.sorted
    func intervalCells(coverage: [Double: Double], msis: Double?) -> [String] {
      levels.map { coverage[$0].map { fixed(100 * $0, 1) } ?? "–" } + (levels.isEmpty ? [] : [msis.map { fixed($0, 2) } ?? "–"])
    }
    let horizons = Set(tasks.map(\.horizon)).sorted().map(String.init).joined(separator: ", ")
    Console.print("Backtest of \(tasks.count) series, \(origins) origin\(origins == 1 ? "" : "s") each, horizon \(horizons); \(String(format: "%.1f", seconds)) s on \(ProcessInfo.processInfo.activeProcessorCount) cores.")
    Console.print("")
    let summaries = Backtest.summarize(outcomes, methods: methods)
    var rows = summaries.map { summary in
      [summary.method.rawValue, "\(summary.series)", summary.mean.map { fixed($0.mase, 3) } ?? "–",
       summary.medianMASE.map { fixed($0, 3) } ?? "–", summary.mean.map { fixed($0.smape) } ?? "–"]
        + intervalCells(coverage: summary.coverage, msis: summary.msis)
    }
    if let set {
      // statsforecast's scores on the same series, origin 0 only: the set's test parts.
      let ids = tasks.map(\.series.id).filter { set.anchors[$0] != nil }
      for name in set.anchorMethods {
        let values = ids.compactMap { set.anchors[$0]?[name] }
        let mean = Statistics.mean(values)
        let scores = intervalAnchors?.mean(method: name, series: ids)
        rows.append(["statsforecast \(name)", "\(values.count)", fixed(mean, 3), values.isEmpty ? "–" : fixed(Statistics.quantile(values.sorted(), 0.5), 3), ""]
          + (scores.map { intervalCells(coverage: $0.coverage, msis: $0.msis) } ?? levels.map { _ in "" } + (levels.isEmpty ? [] : [""])))
      }
    }
    let header = ["method", "series", "mean MASE", "median MASE", "mean sMAPE %"]
      + levels.map { "cover \(fixed($0, $0 == $0.rounded() ? 0 : 1))%" } + (levels.isEmpty ? [] : ["MSIS \(fixed(levels.last!, 0))%"])
    Console.print(TextTable(header: header, rows: rows, numericColumns: Set(1..<header.count)).description)
    if !levels.isEmpty {
      Console.print("Coverage: the share of test values inside each interval (mean over series); MSIS: the mean scaled interval score of the widest level (lower is better).")
      let partial = summaries.filter { $0.intervalSeries < $0.series }
      if !partial.isEmpty {
        Console.print("Intervals were scored on fewer series for " + partial.map { "\($0.method.rawValue) (\($0.intervalSeries) of \($0.series))" }.joined(separator: ", ") + ", as listed below.")
      }
    }
    for outcome in outcomes {
      if let failure = outcome.failure { Console.print("\(outcome.method.rawValue) failed on \(outcome.id): \(failure)") }
      if let note = outcome.intervalNote { Console.print("\(outcome.method.rawValue) has no intervals on \(outcome.id) at \(note)") }
    }
  }

  private func printCSV(_ outcomes: [Backtest.Outcome]) {
    var lines = ["series,method,origin,rmse,mae,mape,smape,mase,error"]
    for outcome in outcomes {
      if let failure = outcome.failure {
        lines.append("\(csvField(outcome.id)),\(outcome.method.rawValue),,,,,,,\(csvField(failure))")
      }
      for (origin, m) in outcome.origins.enumerated() {
        lines.append("\(csvField(outcome.id)),\(outcome.method.rawValue),\(origin + 1),\(m.rmse),\(m.mae),\(m.mape),\(m.smape),\(m.mase),")
      }
    }
    Console.print(lines.joined(separator: "\n"))
  }

  private func printJSON(_ outcomes: [Backtest.Outcome], methods: [ForecastMethod]) throws {
    struct Row: Encodable { var series: String; var method: String; var origins: [ForecastMetrics]; var error: String? }
    struct Mean: Encodable {
      var method: String; var series: Int; var failures: Int; var mean: ForecastMetrics?; var medianMASE: Double?
      enum CodingKeys: String, CodingKey { case method, series, failures, mean; case medianMASE = "median_mase" }
    }
    struct File: Encodable { var summary: [Mean]; var series: [Row] }
    let file = File(
      summary: Backtest.summarize(outcomes, methods: methods).map {
        Mean(method: $0.method.rawValue, series: $0.series, failures: $0.failures, mean: $0.mean, medianMASE: $0.medianMASE)
      },
      series: outcomes.map { Row(series: $0.id, method: $0.method.rawValue, origins: $0.origins, error: $0.failure) })
    Console.print(String(decoding: try MetricsTable.jsonEncoder().encode(file), as: UTF8.self))
  }
}
