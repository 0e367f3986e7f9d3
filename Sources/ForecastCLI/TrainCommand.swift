import ArgumentParser
import Foundation

/// `forecast train`: the run's training, writing only the model directory.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Train a model on a series (all but the test part) and save it.")

  @OptionGroup var data: DataOptions
  @OptionGroup var training: TrainingOptions

  @Option(help: "The model directory to write (model.json and weights.safetensors).")
  var saveModel: String

  func run() throws {
    let directory = try OutputDirectory(path: saveModel)
    let series = try data.load()
    let say: (String) -> Void = { if !training.quiet { Console.print($0) } }
    let result = try ReferencePipeline(series: series, options: training).run(log: say)
    try result.model.save(to: directory.url, metadata: result.metadata)
    say("Saved the model to \(directory.url.path) (test RMSE \(fixed(result.metrics[0].metrics.rmse)), seasonal naive \(fixed(result.metrics[2].metrics.rmse))).")
  }
}
