import ArgumentParser
import Foundation
import ForecastModels

/// `forecast train`: fits a method on the training part and writes only the model directory.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Fit a method on a series (all but the test part) and save the model.")

  @OptionGroup var data: DataOptions
  @OptionGroup var method: MethodOptions
  @OptionGroup var holdout: HoldoutOptions

  @Option(help: "The model directory to write (model.json, and weights.safetensors for networks).")
  var saveModel: String

  @Flag(help: "Print only errors.")
  var quiet = false

  func run() throws {
    let series = try data.load()
    let say: @Sendable (String) -> Void = { [quiet] in if !quiet { Console.print($0) } }
    let result = try Holdout(
      try method.makeForecaster(log: quiet ? nil : say), on: series, testSize: holdout.testSize, comparisons: [.seasonalNaive])
    let url = URL(fileURLWithPath: saveModel)
    try result.model.save(to: url)
    let scores = result.scores.map { "\($0.name) \(fixed($0.metrics.rmse))" }.joined(separator: ", ")
    say("Saved the \(result.model.methodName) model to \(url.path) (test RMSE: \(scores)).")
  }
}
