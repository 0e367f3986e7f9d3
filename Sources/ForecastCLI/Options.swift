import ArgumentParser
import ForecastKernels
import ForecastNN
import ForecastSeries

/// Where the series comes from.
struct DataOptions: ParsableArguments {
  @Option(help: "A CSV file with a date column and a value column. (default: the bundled monthly milk production data)")
  var csv: String?

  @Option(help: "The date column. (default: the first column)")
  var dateColumn: String?

  @Option(help: "The value column to forecast. (default: the first numeric column after the dates)")
  var valueColumn: String?

  @Flag(help: "Fill missing dates of a regular series by linear interpolation instead of stopping.")
  var fillGaps = false

  /// The file read.
  var path: String { csv ?? BundledData.milkProductionPath }

  /// The file as the user knows it.
  var displayName: String { csv ?? "the bundled monthly milk production data" }

  /// Reads the series.
  func load() throws(SeriesError) -> TimeSeries {
    try TimeSeries.read(
      csv: path,
      options: CSVOptions(dateColumn: dateColumn, valueColumns: valueColumn.map { [$0] } ?? [], fillGaps: fillGaps))
  }
}

/// The recurrent cell, as `--cell` names it.
enum CellChoice: String, ExpressibleByArgument, CaseIterable, Codable, Sendable {
  case lstm, gru, rnn
}

/// The output activation of the recurrent layers.
enum ActivationChoice: String, ExpressibleByArgument, CaseIterable, Codable, Sendable {
  case relu, tanh

  var activation: Activation { self == .relu ? .relu : .tanh }
}

/// The model and how it is trained: the tutorial's settings by default.
struct TrainingOptions: ParsableArguments {
  @Option(help: "Observations held out at the end for testing.")
  var testSize = 12

  @Option(help: "Past observations the model reads to predict the next one.")
  var window = 12

  @Option(help: "The recurrent cell: \(CellChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
  var cell: CellChoice = .lstm

  @Option(help: "Units of each recurrent layer.")
  var units = 100

  @Option(help: "Stacked recurrent layers.")
  var layers = 1

  @Option(help: "Activation of the recurrent layers: relu or tanh.")
  var activation: ActivationChoice = .relu

  @Option(help: "Passes over the training windows.")
  var epochs = 5

  @Option(help: "Windows per gradient step.")
  var batchSize = 1

  @Option(help: "Adam's learning rate.")
  var learningRate: Double = 0.001

  @Option(help: "Seed for the initial weights and the shuffling; the same seed gives the same model.")
  var seed: UInt64 = 42

  @Flag(help: "Print only errors.")
  var quiet = false

  func validate() throws {
    func check(_ ok: Bool, _ message: String) throws { if !ok { throw ValidationError(message) } }
    try check(testSize >= 1, "--test-size must be at least 1, received \(testSize).")
    try check(window >= 1, "--window must be at least 1, received \(window).")
    try check((1...4096).contains(units), "--units must be between 1 and 4096, received \(units).")
    try check((1...16).contains(layers), "--layers must be between 1 and 16, received \(layers).")
    try check((0...100_000).contains(epochs), "--epochs must be between 0 and 100000, received \(epochs).")
    try check(batchSize >= 1, "--batch-size must be at least 1, received \(batchSize).")
    try check(learningRate > 0 && learningRate.isFinite, "--learning-rate must be a positive number, received \(learningRate).")
  }

  /// The recurrent stack and the Dense(1) head.
  func makeLayers() -> [any Layer] {
    var stack: [any Layer] = (0..<layers).map { index in
      let sequences = index < layers - 1
      switch cell {
      case .lstm: return LSTM(units: units, activation: activation.activation, returnSequences: sequences)
      case .gru: return GRU(units: units, activation: activation.activation, returnSequences: sequences)
      case .rnn: return SimpleRNN(units: units, activation: activation.activation, returnSequences: sequences)
      }
    }
    stack.append(Dense(units: 1))
    return stack
  }
}

/// Where a run writes its files.
struct OutputOptions: ParsableArguments {
  @Option(help: "The folder for the report, charts, CSV, metrics and model.")
  var output = "forecast-output"
}

/// A stored model.
struct ModelOptions: ParsableArguments {
  @Option(help: "A model directory written by `forecast train` or `forecast run`.")
  var model: String
}

/// Table or machine-readable output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case table, csv, json
}
