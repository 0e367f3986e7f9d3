import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// `forecast predict`: a saved model's forecast after the end of a series, with intervals.
struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict", abstract: "Forecast the next observations after the end of a series with a saved model, with prediction intervals.")

  @OptionGroup var model: ModelOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var many: ManySeriesOptions
  @OptionGroup var intervals: IntervalOptions

  @Option(parsing: .unconditional, help: "How many steps to forecast.")
  var horizon = 12

  @Option(help: "csv (date,forecast,lower_80,upper_80,…) or table.")
  var format: TableOrCSV = .csv

  func validate() throws {
    guard (1...100_000).contains(horizon) else { throw ValidationError("--horizon must be between 1 and 100000, received \(horizon).") }
  }

  func run() throws {
    if let idColumn = many.idColumn { return try predictMany(idColumn: idColumn) }
    let forecaster = try model.load()
    let series = try data.load()
    try model.check(series, named: data.displayName, for: forecaster)
    let forecast = try forecaster.forecast(horizon: horizon, after: series, levels: intervals.sorted)
    let dates = forecast.dates.map(DateParsing.format)
    switch format {
    case .csv:
      let rows = dates.indices.map { ([dates[$0], "\(forecast.values[$0])"] + intervals.cells(forecast, step: $0)).joined(separator: ",") }
      Console.print((["date,forecast" + intervals.columns.map { "," + $0 }.joined()] + rows).joined(separator: "\n"))
    case .table:
      Console.print(TextTable(
        header: ["date", "forecast"] + intervals.columns,
        rows: dates.indices.map { [dates[$0], fixed(forecast.values[$0])] + intervals.cells(forecast, step: $0, format: { fixed($0) }) },
        numericColumns: Set(1...1 + intervals.columns.count)).description)
    }
    for note in forecast.notes { Console.error(note) }
  }
}
