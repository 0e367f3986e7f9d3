import ArgumentParser
import Foundation
import ForecastSeries

/// `forecast evaluate`: a saved model's metrics on the last points of a series, baselines beside.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate", abstract: "Score a saved model's recursive forecast of the last observations, beside the baselines.")

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions

  @Option(help: "Observations at the end to forecast and score.")
  var testSize = 12

  @Option(help: "table or json.")
  var format: OutputFormat = .table

  func validate() throws {
    guard testSize >= 1 else { throw ValidationError("--test-size must be at least 1, received \(testSize).") }
    guard format != .csv else { throw ValidationError("--format must be table or json for evaluate.") }
  }

  func run() throws {
    let (network, metadata) = try loadModel(model.model)
    let series = try data.load()
    guard series.count > testSize + metadata.window else {
      throw SeriesError.tooShort("Evaluating \(testSize) observations with windows of \(metadata.window) needs more than \(testSize + metadata.window) observations; \(data.displayName) has \(series.count).")
    }
    let (history, test) = try series.split(testSize: testSize)
    let forecast = try Scoring.forecast(after: history.values, model: network, metadata: metadata, horizon: testSize)
    let period = ReferencePipeline.period(of: series)
    let baselines = try Scoring.baselines(after: history.values, horizon: testSize, period: period)
    let rows = try Scoring.metrics(
      actual: test.values, forecast: forecast, baselines: baselines, training: history.values, period: period)
    switch format {
    case .json:
      let named = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0.metrics) })
      Console.print(String(decoding: try Scoring.jsonEncoder().encode(named), as: UTF8.self))
    case .table, .csv:
      Console.print("Last \(testSize) observations of \(data.displayName), \(DateParsing.format(test.dates[0])) to \(DateParsing.format(test.dates[testSize - 1])):")
      Console.print(Scoring.table(rows).description)
    }
  }
}
