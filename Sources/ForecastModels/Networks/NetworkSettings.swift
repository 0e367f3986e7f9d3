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

/// How a network's inputs and targets are put on a common scale.
public enum NetworkScaling: String, CaseIterable, Codable, Sendable {
  /// The tutorial's: scikit-learn's `MinMaxScaler` fitted on the training part, values in [0, 1].
  case minMax = "min-max"
  /// ES-RNN-style (`LevelScaling`): logs, seasonal indices and each window measured from a
  /// smoothed level at its end.
  case level
  /// As `level`, with Guerrero's Box–Cox power instead of the log.
  case boxCoxLevel = "box-cox-level"
  /// Each window and its targets measured from the window's last value — the network sees first
  /// differences, cumulated — on the scale of the mean absolute difference. (Seasonal differences
  /// are a `hybrid` whose base is `seasonal-naive`: the network learns y − y₋ₘ.)
  case difference
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
  /// Seed for the initial weights and the shuffling; ensemble member k uses `seed + k`.
  public var seed: UInt64 = 42
  /// How values are scaled.
  public var scaling = NetworkScaling.minMax
  /// Steps the network predicts at once (its `Dense` head's width): 1 forecasts recursively, one
  /// step at a time as the tutorial does; more predict that many steps directly, block after block.
  public var outputSteps = 1
  /// Networks trained with seeds `seed`, `seed + 1`, …; the forecast is their median.
  public var ensembleSize = 1
  /// The fraction of the windows, the latest ones, held out to validate each epoch (Keras'
  /// `validation_split`); 0 for none.
  public var validationSplit = 0.0
  /// Epochs without a better validation loss after which training stops, restoring the best
  /// epoch's weights (Keras' `EarlyStopping(patience:, restore_best_weights: True)`); nil to
  /// train every epoch.
  public var patience: Int?
  /// For a hybrid: the method whose forecast the network corrects. The network learns the
  /// difference between the actual values and this method's forecast from the end of each window,
  /// and its output layer starts at zero, so the untrained hybrid forecasts as the method does.
  public var base: ForecastMethod?

  /// The tutorial's settings.
  public init() {}

  /// The network that forecasts best of those measured on the accuracy set (the README's table):
  /// level scaling, `LSTM(16, tanh)` over windows of 24, 12 steps predicted at once, Adam(0.005)
  /// at batch size 16 for up to 100 epochs with early stopping (patience 10 on the latest 20% of
  /// windows), the median of 3 seeds.
  public static let recommended: NetworkSettings = {
    var settings = NetworkSettings()
    settings.scaling = .level
    settings.units = 16
    settings.activation = .tanh
    settings.window = 24
    settings.outputSteps = 12
    settings.epochs = 100
    settings.batchSize = 16
    settings.learningRate = 0.005
    settings.validationSplit = 0.2
    settings.patience = 10
    settings.ensembleSize = 3
    return settings
  }()

  /// The recommended network as a hybrid correcting `base`.
  public static func hybrid(base: ForecastMethod = .ets) -> NetworkSettings {
    var settings = recommended
    settings.base = base
    return settings
  }

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
    stack.append(Dense(units: outputSteps, kernelInitializer: base == nil ? .glorotUniform : .zeros))
    return stack
  }

  /// The longest window: longer ones hold more values than training can keep in memory on any
  /// series long enough to train on.
  static let maximumWindow = 10_000
  /// The most units of a recurrent layer: `LSTM(1024)` trains the tutorial's data in minutes;
  /// wider layers take hours on a CPU.
  static let maximumUnits = 1024
  /// The learning rates Adam can use in 32-bit floats: smaller ones underflow or change no
  /// weight, larger ones diverge.
  static let learningRates = 1e-8...1.0

  /// Checks every setting against its range.
  /// - Throws: `ModelError.invalidSetting` naming the first setting out of range.
  public func validate() throws(ModelError) {
    func check(_ ok: Bool, _ message: String) throws(ModelError) { if !ok { throw .invalidSetting(message) } }
    try check((1...Self.maximumWindow).contains(window), "The window must be between 1 and \(Self.maximumWindow), received \(window).")
    try check((1...Self.maximumUnits).contains(units), "The units must be between 1 and \(Self.maximumUnits), received \(units).")
    try check((1...16).contains(layers), "The number of layers must be between 1 and 16, received \(layers).")
    try check((0...100_000).contains(epochs), "The number of epochs must be between 0 and 100000, received \(epochs).")
    try check(batchSize >= 1, "The batch size must be at least 1, received \(batchSize).")
    try check(
      Self.learningRates.contains(learningRate),
      "The learning rate must be between \(Self.learningRates.lowerBound) and \(Self.learningRates.upperBound) (the network computes in 32-bit floats), received \(learningRate).")
    try check((1...1000).contains(outputSteps), "The output steps must be between 1 and 1000, received \(outputSteps).")
    try check((1...100).contains(ensembleSize), "The ensemble size must be between 1 and 100, received \(ensembleSize).")
    try check((0..<1).contains(validationSplit), "The validation split must be at least 0 and below 1, received \(validationSplit).")
    try check(patience.map { $0 >= 0 } ?? true, "The patience must be 0 or more, received \(patience ?? 0).")
    try check(patience == nil || validationSplit > 0, "Early stopping (a patience) needs validation windows: give a validation split above 0.")
    try check(base.map { !$0.isNetwork } ?? true, "A hybrid's base must be a classical method or a baseline, received \(base?.rawValue ?? "").")
  }

  /// Reads settings; a missing field keeps its default (files of format version 1 have fewer).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    window = try c.decodeIfPresent(Int.self, forKey: .window) ?? window
    cell = try c.decodeIfPresent(RecurrentCellKind.self, forKey: .cell) ?? cell
    units = try c.decodeIfPresent(Int.self, forKey: .units) ?? units
    layers = try c.decodeIfPresent(Int.self, forKey: .layers) ?? layers
    activation = try c.decodeIfPresent(RecurrentActivation.self, forKey: .activation) ?? activation
    epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? epochs
    batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
    learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? learningRate
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
    scaling = try c.decodeIfPresent(NetworkScaling.self, forKey: .scaling) ?? scaling
    outputSteps = try c.decodeIfPresent(Int.self, forKey: .outputSteps) ?? outputSteps
    ensembleSize = try c.decodeIfPresent(Int.self, forKey: .ensembleSize) ?? ensembleSize
    validationSplit = try c.decodeIfPresent(Double.self, forKey: .validationSplit) ?? validationSplit
    patience = try c.decodeIfPresent(Int.self, forKey: .patience)
    base = try c.decodeIfPresent(ForecastMethod.self, forKey: .base)
  }

  enum CodingKeys: String, CodingKey {
    case window, cell, units, layers, activation, epochs, seed, scaling, patience, base
    case batchSize = "batch_size", learningRate = "learning_rate", outputSteps = "output_steps"
    case ensembleSize = "ensemble_size", validationSplit = "validation_split"
  }
}
