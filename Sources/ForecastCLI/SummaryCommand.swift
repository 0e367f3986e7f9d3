import ArgumentParser

/// `forecast summary`: a saved model's layer table.
struct SummaryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "summary", abstract: "Print a saved model's summary, as Keras' model.summary().")

  @OptionGroup var model: ModelOptions

  func run() throws {
    let (network, metadata) = try loadModel(model.model)
    Console.print(network.summary())
    let t = metadata.training
    Console.print("Trained: \(t.cell.rawValue), \(t.epochs) epochs, batch size \(t.batchSize), learning rate \(t.learningRate), seed \(t.seed), on \(t.trainingRows) rows of '\(metadata.valueColumn)'; window \(metadata.window).")
  }
}
