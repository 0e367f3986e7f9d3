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
    let period = ReferencePipeline.period(of: series)
    let seasonality = history.count > period ? period : 1
    let forecast = metadata.scaler.inverseTransform(
      try Forecasting.recursive(NetworkForecaster(model: network, window: metadata.window), history: metadata.scaler.transform(history.values), horizon: testSize))
    var rows: [(String, ForecastMetrics)] = [("model", try ForecastMetrics(actual: test.values, forecast: forecast, training: history.values, seasonality: seasonality))]
    for baseline in Baseline.allCases {
      let values = try baseline.forecast(history: history.values, horizon: testSize, period: period)
      rows.append((baseline.name, try ForecastMetrics(actual: test.values, forecast: values, training: history.values, seasonality: seasonality)))
    }
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      Console.print(String(decoding: try encoder.encode(Dictionary(uniqueKeysWithValues: rows)), as: UTF8.self))
    case .table, .csv:
      Console.print("Last \(testSize) observations of \(data.displayName), \(DateParsing.format(test.dates[0])) to \(DateParsing.format(test.dates[testSize - 1])):")
      Console.print(TextTable(
        header: ["forecast", "RMSE", "MAE", "MAPE %", "sMAPE %", "MASE"],
        rows: rows.map { name, m in [name, fixed(m.rmse), fixed(m.mae), fixed(m.mape), fixed(m.smape), fixed(m.mase, 3)] },
        numericColumns: [1, 2, 3, 4, 5]).description)
    }
  }
}
