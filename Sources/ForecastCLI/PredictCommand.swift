import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// `forecast predict`: a saved model's forecast after the end of a series.
struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict", abstract: "Forecast the next observations after the end of a series with a saved model.")

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions

  @Option(help: "How many steps to forecast.")
  var horizon = 12

  @Option(help: "csv (date,forecast) or table.")
  var format: OutputFormat = .csv

  func validate() throws {
    guard (1...100_000).contains(horizon) else { throw ValidationError("--horizon must be between 1 and 100000, received \(horizon).") }
    guard format != .json else { throw ValidationError("--format must be csv or table for predict.") }
  }

  func run() throws {
    let forecaster = try ForecastMethod.load(from: URL(fileURLWithPath: model.model))
    let forecast = try forecaster.forecast(horizon: horizon, after: try data.load())
    let dates = forecast.dates.map(DateParsing.format)
    switch format {
    case .csv, .json:
      Console.print((["date,forecast"] + zip(dates, forecast.values).map { "\($0),\($1)" }).joined(separator: "\n"))
    case .table:
      Console.print(TextTable(header: ["date", "forecast"], rows: zip(dates, forecast.values).map { [$0, fixed($1)] }, numericColumns: [1]).description)
    }
  }
}
