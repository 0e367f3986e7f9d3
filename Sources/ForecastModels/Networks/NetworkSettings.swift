import ForecastKernels
import ForecastNN

/// The recurrent cell of a network, as `--cell` names it.
public enum RecurrentCellKind: String, CaseIterable, Codable, Sendable {
  /// Keras' `LSTM`.
  case lstm
  /// Keras' `GRU` (`reset_after=True`).
  case gru
  /// Keras' `SimpleRNN`.
  case rnn
}

/// The activation of the recurrent layers' output (Keras' `activation=`).
public enum RecurrentActivation: String, CaseIterable, Codable, Sendable {
  /// `relu`, as the tutorial uses.
  case relu
  /// `tanh`, Keras' default.
  case tanh

  var activation: Activation { self == .relu ? .relu : .tanh }
}

/// A recurrent network and how it is trained. The defaults are the Keras tutorial's:
/// `LSTM(100, activation='relu')` over windows of 12 → `Dense(1)`, Adam(0.001) on MSE, 5 epochs at
/// batch size 1, seed 42.
public struct NetworkSettings: Sendable, Equatable, Codable {
  /// Past observations the network reads to predict the next one (the `TimeseriesGenerator` length).
  public var window = 12
  /// The recurrent cell.
  public var cell = RecurrentCellKind.lstm
  /// Units of each recurrent layer.
  public var units = 100
  /// Stacked recurrent layers (all but the last return sequences).
  public var layers = 1
  /// The recurrent layers' activation.
  public var activation = RecurrentActivation.relu
  /// Passes over the training windows.
  public var epochs = 5
  /// Windows per gradient step.
  public var batchSize = 1
  /// Adam's learning rate.
  public var learningRate = 0.001
  /// Seed for the initial weights and the shuffling.
  public var seed: UInt64 = 42

  /// The tutorial's settings.
  public init() {}

  /// The recurrent stack and the `Dense(1)` head.
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

  /// Checks every setting against its range.
  /// - Throws: `ModelError.invalidSetting` naming the first setting out of range.
  public func validate() throws(ModelError) {
    func check(_ ok: Bool, _ message: String) throws(ModelError) { if !ok { throw .invalidSetting(message) } }
    try check(window >= 1, "The window must be at least 1, received \(window).")
    try check((1...4096).contains(units), "The units must be between 1 and 4096, received \(units).")
    try check((1...16).contains(layers), "The number of layers must be between 1 and 16, received \(layers).")
    try check((0...100_000).contains(epochs), "The number of epochs must be between 0 and 100000, received \(epochs).")
    try check(batchSize >= 1, "The batch size must be at least 1, received \(batchSize).")
    try check(learningRate > 0 && learningRate.isFinite, "The learning rate must be a positive number, received \(learningRate).")
  }

  enum CodingKeys: String, CodingKey {
    case window, cell, units, layers, activation, epochs, seed
    case batchSize = "batch_size", learningRate = "learning_rate"
  }
}
