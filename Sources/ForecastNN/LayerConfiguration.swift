import ForecastKernels

/// A layer's settings, in Keras' vocabulary, as `model.json` stores them.
public struct LayerConfiguration: Codable, Sendable, Equatable {
  /// Keras' class name: `LSTM`, `GRU`, `SimpleRNN` or `Dense`.
  public var type: String
  /// The number of units (output width).
  public var units: Int
  /// The output activation (Keras: `activation`).
  public var activation: Activation
  /// The gates' activation of recurrent layers (Keras: `recurrent_activation`).
  public var recurrentActivation: Activation?
  /// Whether the layer has a bias.
  public var useBias: Bool
  /// Whether a recurrent layer returns its whole output sequence.
  public var returnSequences: Bool?
  /// Whether an LSTM's forget-gate bias starts at one.
  public var unitForgetBias: Bool?

  enum CodingKeys: String, CodingKey {
    case type, units, activation
    case recurrentActivation = "recurrent_activation"
    case useBias = "use_bias"
    case returnSequences = "return_sequences"
    case unitForgetBias = "unit_forget_bias"
  }

  /// The most units a layer may have: far beyond forecasting models, well below what would
  /// exhaust memory when a model file asks for it.
  public static let maximumUnits = 65_536

  /// The layer these settings describe.
  public func makeLayer() throws(NNError) -> any Layer {
    guard (1...Self.maximumUnits).contains(units) else {
      throw .invalidConfiguration("\(type) needs between 1 and \(Self.maximumUnits) units, found \(units).")
    }
    let recurrent = recurrentActivation ?? .sigmoid
    let sequences = returnSequences ?? false
    switch type {
    case "Dense":
      return Dense(units: units, activation: activation, useBias: useBias)
    case "LSTM":
      return LSTM(
        units: units, activation: activation, recurrentActivation: recurrent, useBias: useBias,
        returnSequences: sequences, unitForgetBias: unitForgetBias ?? true)
    case "GRU":
      return GRU(
        units: units, activation: activation, recurrentActivation: recurrent, useBias: useBias,
        returnSequences: sequences)
    case "SimpleRNN":
      return SimpleRNN(
        units: units, activation: activation, useBias: useBias, returnSequences: sequences)
    default:
      throw .invalidConfiguration(
        "Unknown layer type '\(type)'; expected one of Dense, LSTM, GRU, SimpleRNN.")
    }
  }
}
