import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// `forecast run` (the default): the whole pipeline on one series — look, decompose, fit the
/// method on the training part, forecast the test part, score it beside the other methods, then
/// fit it on the whole series and forecast the future with intervals, and write a report.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the whole pipeline: look, decompose, fit a method, forecast and score the test part beside the other methods, forecast the future with intervals, write a report.")

  @OptionGroup var data: DataOptions
  @OptionGroup var many: ManySeriesOptions
  @OptionGroup var method: MethodOptions
  @OptionGroup var holdout: HoldoutOptions
  @OptionGroup var intervals: IntervalOptions
  @OptionGroup var output: OutputOptions

  @Option(parsing: .unconditional, help: "Steps to forecast past the last date, after refitting on the whole series. (default: the test size)")
  var horizon: Int?

  @Flag(help: "Print only errors.")
  var quiet = false

  func validate() throws {
    if let horizon, !(1...100_000).contains(horizon) { throw ValidationError("--horizon must be between 1 and 100000, received \(horizon).") }
    if many.shard != nil && method.chosen == .global {
      throw ValidationError("--method global fits one network across all the series; shards would each fit their own. Run it without --shard.")
    }
  }

  func run() throws {
    if let idColumn = many.idColumn { return try runMany(idColumn: idColumn) }
    let directory = try OutputDirectory(path: output.output)
    let series = try data.load()
    let say: @Sendable (String) -> Void = { [quiet] in if !quiet { Console.print($0) } }
    say(series.head())
    say("")
    say(describe(series))
    let period = series.seasonalPeriod
    let decomposition = period >= 2 && series.count >= 2 * period ? try SeasonalDecomposition(series.values, period: period) : nil
    say(summarize(decomposition, period: period))
    let testSize = holdout.testSize(for: series)
    let horizon = self.horizon ?? testSize
    say(plan(testSize: testSize, horizon: horizon, period: period, given: (holdout.testSize != nil, self.horizon != nil)))
    say("")
    say("Method: \(method.chosen.rawValue).")
    // The tutorial is shown beside auto, the method that chooses for itself.
    let comparisons = (method.chosen == .tutorial ? [.auto] : []) + ForecastMethod.comparisons
    let result = try Holdout(
      try method.makeForecaster(period: period, log: quiet ? nil : say), on: series, testSize: testSize, comparisons: comparisons,
      levels: intervals.sorted)
    if let description = result.model.modelDescription { say("Fitted on the first \(result.train.count) observations: \(description).") }
    let future = try FutureForecast(try method.makeForecaster(period: period, log: nil), on: series, horizon: horizon, levels: intervals.sorted)
    let diagnostics = try? ResidualDiagnostics(future.model, on: series)
    let settings = RunSettings(
      model: result.model, file: data.fileName, series: series, testSize: testSize, horizon: horizon, levels: intervals.sorted)
    let report = RunReport(
      series: series, fileName: data.fileName, decomposition: decomposition, holdout: result, future: future, intervals: intervals,
      settings: settings, diagnostics: diagnostics)
    say("")
    say("Forecast of the last \(result.test.count) observations:")
    say(report.testTable.description)
    say("")
    say(report.metricsTable.description)
    for (name, reason) in result.skipped { say("(\(name) was not scored: \(reason))") }
    if let auto = report.auto, let table = report.validationTable {
      say("")
      say(auto.reason)
      say(table.description)
    }
    if let warning = report.tutorialWarning {
      say("")
      say(warning)
    }
    say("")
    say(report.verdict)
    say("")
    say("Forecast of the next \(horizon) observations, \(result.model.methodName) fitted on all \(series.count):")
    say(report.futureTable.description)
    for note in future.forecast.notes + result.scores[0].forecast.notes { say(note) }
    if let summary = report.diagnosticsSummary {
      say("")
      say("Residuals: " + summary)
    }
    let files = try report.write(to: directory)
    say("")
    say("Wrote \(files.joined(separator: ", ")) to \(directory.url.path)")
  }
}

/// "Frequency: MS (monthly (month start)); 168 rows from 1962-01-01 to 1975-12-01."
func describe(_ series: TimeSeries) -> String {
  let frequency = series.frequency.map { "\($0.alias), \($0.name)" } ?? "unknown (fewer than three regular dates)"
  return "Frequency: \(frequency); \(series.count) rows from \(DateParsing.format(series.dates[0])) to \(DateParsing.format(series.dates[series.count - 1]))."
}

/// One line on what is held out and forecast, and why those sizes.
func plan(testSize: Int, horizon: Int, period: Int, given: (testSize: Bool, horizon: Bool)) -> String {
  let season = period >= 2 ? "one season of \(period)" : "at least 4"
  let test = given.testSize ? "--test-size" : season
  let future = given.horizon ? "--horizon" : "the test size"
  return "Testing on the last \(testSize) observations (\(test)), then forecasting \(horizon) past the end (\(future))."
}

/// One line on the decomposition's strengths, or why there is none.
func summarize(_ decomposition: SeasonalDecomposition?, period: Int) -> String {
  guard let decomposition else {
    return period < 2
      ? "Decomposition: skipped (the series has no seasonal period)."
      : "Decomposition: skipped (it needs two full periods, \(2 * period) observations)."
  }
  return "Decomposition (\(decomposition.model.rawValue), period \(decomposition.period)): strength of trend \(fixed(decomposition.trendStrength, 3)), strength of seasonality \(fixed(decomposition.seasonalStrength, 3))."
}
