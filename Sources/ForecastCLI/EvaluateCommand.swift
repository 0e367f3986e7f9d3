import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// `forecast evaluate`: a saved model's metrics on the last points of a series, the other methods beside.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate", abstract: "Score a saved model's forecast of the last observations, beside the other methods fitted on the rest.")

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var many: ManySeriesOptions
  @OptionGroup var holdout: HoldoutOptions

  @Option(help: "table or json.")
  var format: TableOrJSON = .table

  func run() throws {
    if let idColumn = many.idColumn { return try evaluateMany(idColumn: idColumn) }
    let forecaster = try model.load()
    let series = try data.load()
    try model.check(series, named: data.displayName, for: forecaster)
    let result = try Holdout(forecaster, on: series, testSize: holdout.testSize(for: series), refit: false)
    switch format {
    case .json:
      let named = Dictionary(uniqueKeysWithValues: result.scores.map { ($0.name, $0.metrics) })
      Console.print(String(decoding: try MetricsTable.jsonEncoder().encode(named), as: UTF8.self))
    case .table:
      let test = result.test
      Console.print("Last \(test.count) observations of \(data.displayName), \(DateParsing.format(test.dates[0])) to \(DateParsing.format(test.dates[test.count - 1])):")
      Console.print(MetricsTable.make(result.scores.map { ($0.name, $0.metrics) }).description)
    }
  }
}
