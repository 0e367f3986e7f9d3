import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// `forecast summary`: what a saved model is — a network's layer table, or any model's method and data.
struct SummaryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "summary", abstract: "Describe a saved model: its method, its data and, for networks, the layers as Keras' model.summary().")

  @OptionGroup var model: ModelOptions

  func run() throws {
    let forecaster = try model.load()
    if let network = forecaster as? NetworkForecaster, let model = network.model {
      Console.print(model.summary())
      let s = network.settings
      Console.print("Trained: \(s.cell.rawValue), \(s.epochs) epochs, batch size \(s.batchSize), learning rate \(s.learningRate), seed \(s.seed); window \(s.window).")
    }
    if let description = forecaster.modelDescription { Console.print("Model: \(description).") }
    if let profile = forecaster.profile {
      let frequency = profile.frequency.map { "\($0.alias), " } ?? ""
      Console.print("Method \(forecaster.methodName), fitted on \(profile.count) observations of '\(profile.valueColumn)' (\(frequency)period \(profile.period)) up to \(DateParsing.format(profile.lastDate)).")
    } else {
      Console.print("Method \(forecaster.methodName).")
    }
  }
}
