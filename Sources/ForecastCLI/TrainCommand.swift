import ArgumentParser
import Foundation
import ForecastModels

/// `forecast train`: fits a method — on all but a test part, or on everything — and writes only
/// the model directory, its prediction intervals calibrated on what it was fitted on.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Fit a method on a series (all but the test part, or all of it with --test-size 0) and save the model.")

  @OptionGroup var data: DataOptions
  @OptionGroup var many: ManySeriesOptions
  @OptionGroup var method: MethodOptions
  @OptionGroup var intervals: IntervalOptions

  @Option(parsing: .unconditional, help: "Observations held out at the end and scored; 0 fits on the whole series. (default: one season, at least 4)")
  var testSize: Int?

  @Option(parsing: .unconditional, help: "With --test-size 0: the horizon the intervals are calibrated for. (default: one season)")
  var horizon: Int?

  @Option(help: "The model directory to write (model.json, and weights.safetensors for networks).")
  var saveModel: String

  @Flag(help: "Print only errors.")
  var quiet = false

  func validate() throws {
    if let testSize, testSize < 0 { throw ValidationError("--test-size must be 0 or more, received \(testSize).") }
    if let horizon, !(1...100_000).contains(horizon) { throw ValidationError("--horizon must be between 1 and 100000, received \(horizon).") }
    if many.idColumn != nil && method.chosen == .global {
      throw ValidationError("train --id-column saves a model per series, and --method global is one network across them; forecast many series with it through run --id-column --method global.")
    }
  }

  func run() throws {
    do { try ModelDirectory.checkWritable(URL(fileURLWithPath: saveModel)) } catch {
      throw CLIError.output("--save-model \(error.description) Choose another --save-model.")
    }
    if let idColumn = many.idColumn { return try trainMany(idColumn: idColumn) }
    let series = try data.load()
    let say: @Sendable (String) -> Void = { [quiet] in if !quiet { Console.print($0) } }
    let forecaster = try method.makeForecaster(period: series.seasonalPeriod, log: quiet ? nil : say)
    let model: any Forecaster
    let summary: String
    let testSize = self.testSize ?? series.defaultHorizon
    if testSize > 0 {
      let result = try Holdout(forecaster, on: series, testSize: testSize, comparisons: [.seasonalNaive], levels: intervals.sorted)
      model = result.model
      summary = "fitted on \(result.train.count) observations; test RMSE: " + result.scores.map { "\($0.name) \(fixed($0.metrics.rmse))" }.joined(separator: ", ")
    } else {
      let future = try FutureForecast(forecaster, on: series, horizon: horizon ?? series.defaultHorizon, levels: intervals.sorted)
      model = future.model
      summary = "fitted on all \(series.count) observations"
    }
    let url = URL(fileURLWithPath: saveModel)
    try model.save(to: url)
    say("Saved the \(model.methodName) model to \(url.path) (\(summary)).")
  }
}
