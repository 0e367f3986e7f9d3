import ForecastKernels
import Foundation

/// How `fit` trains, with Keras' names and defaults.
public struct FitOptions: Sendable {
  /// Passes over the training data.
  public var epochs: Int = 1
  /// Samples per gradient step (Keras' default 32).
  public var batchSize: Int = 32
  /// Whether the samples are shuffled before each epoch.
  public var shuffle: Bool = true
  /// Seed for the shuffling; the same seed gives the same order.
  public var seed: UInt64 = 0
  /// The fraction of the samples, taken from the end before shuffling, held out for validation.
  public var validationSplit: Double = 0
  /// Whether a Keras-style progress line is printed per epoch.
  public var verbose: Bool = true

  /// Options with Keras' defaults, changed where given.
  public init(epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true, seed: UInt64 = 0,
              validationSplit: Double = 0, verbose: Bool = true) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.seed = seed
    self.validationSplit = validationSplit
    self.verbose = verbose
  }

  /// The batches `fit` cuts `samples` training samples into: their count, the size of a full one
  /// (a batch larger than the data is the whole data, as in Keras) and that of the last one,
  /// smaller where the batch size does not divide `samples`.
  package func batches(samples: Int) -> (count: Int, full: Int, last: Int) {
    let full = min(batchSize, samples)
    let count = samples / full + (samples % full == 0 ? 0 : 1)
    return (count, full, samples - (count - 1) * full)
  }
}

/// The losses `fit` recorded, one per epoch, as Keras' `History.history`.
public struct History: Sendable, Equatable {
  /// The mean training loss of each epoch (batches weighted by their size).
  public var loss: [Float] = []
  /// The loss on the validation data after each epoch, when there is validation data.
  public var validationLoss: [Float] = []

  /// An empty history, as before the first epoch.
  public init() {}
}

extension Sequential {
  /// Trains the model, as Keras' `fit`.
  ///
  /// - Parameters:
  ///   - x: inputs `[N] + inputShape`.
  ///   - y: targets `[N] + outputShape`.
  ///   - options: epochs, batch size, validation split, shuffling and seed.
  ///   - validationData: held-out inputs and targets, evaluated after every epoch; overrides
  ///     `options.validationSplit`.
  ///   - callbacks: called at the start, after each epoch and at the end (`EarlyStopping`).
  ///   - log: where progress lines go (standard output by default).
  /// - Returns: the loss per epoch.
  /// - Throws: `NNError` for mismatched data, or `.nonFiniteLoss` when the loss turns NaN or
  ///   infinite — the model then keeps the weights from before that step.
  @discardableResult
  public mutating func fit(
    _ x: Tensor, _ y: Tensor, options: FitOptions = FitOptions(),
    validationData: (x: Tensor, y: Tensor)? = nil,
    callbacks: [any Callback] = [],
    log: (String) -> Void = { print($0) }
  ) throws(NNError) -> History {
    try checkInput(x)
    try checkTargets(y, samples: x.shape[0])
    guard options.epochs >= 0, options.batchSize >= 1 else {
      throw .invalidConfiguration(
        "fit needs epochs ≥ 0 and batch size ≥ 1, received \(options.epochs) and \(options.batchSize).")
    }
    guard (0..<1).contains(options.validationSplit) else {
      throw .invalidConfiguration("validationSplit must be in [0, 1), received \(options.validationSplit).")
    }
    var (trainX, trainY) = (x, y)
    var validation = validationData
    if validation == nil && options.validationSplit > 0 {
      // Keras: the last fraction of the samples, before any shuffling.
      let splitAt = Int(Double(x.shape[0]) * (1 - options.validationSplit))
      guard splitAt > 0 && splitAt < x.shape[0] else {
        throw .emptyInput("The training or validation part after validationSplit \(options.validationSplit)")
      }
      validation = (x.slice(outer: splitAt..<x.shape[0]), y.slice(outer: splitAt..<y.shape[0]))
      trainX = x.slice(outer: 0..<splitAt)
      trainY = y.slice(outer: 0..<splitAt)
    }
    if let validation {
      try checkInput(validation.x)
      try checkTargets(validation.y, samples: validation.x.shape[0])
    }

    var history = History()
    var generator = SeededGenerator(seed: options.seed)
    let samples = trainX.shape[0]
    // A batch larger than the data is the whole data (as in Keras), and no size below overflows.
    let (steps, batchSize, lastBatch) = options.batches(samples: samples)
    var order = Array(0..<samples)
    var tapes: [any LayerTape]? = nil
    var gradients = AlignedFloats()
    // The fused step for LSTM → Dense with Adam; the batch sizes are a full one and the last one.
    var fused = LSTMDenseTraining(self, batchSizes: [batchSize, lastBatch])
    for callback in callbacks { callback.onTrainBegin(self) }
    for epoch in 1...max(options.epochs, 1) where options.epochs > 0 {
      if options.shuffle { order.shuffle(using: &generator) }
      let start = ContinuousClock.now
      var weightedLoss = 0.0
      for step in 0..<steps {
        let indices = order[step * batchSize..<min((step + 1) * batchSize, samples)]
        let (x, y) = (trainX.gather(outer: indices), trainY.gather(outer: indices))
        let batchLoss: Float
        if fused != nil {
          batchLoss = fused!.step(&self, x, y)
        } else {
          batchLoss = try lossAndGradients(x, y, tapes: &tapes, gradients: &gradients)
        }
        guard batchLoss.isFinite else { throw .nonFiniteLoss(epoch: epoch, step: step + 1, value: batchLoss) }
        if fused == nil { applyGradients(gradients) }
        weightedLoss += Double(batchLoss) * Double(indices.count)
      }
      let epochLoss = Float(weightedLoss / Double(samples))
      history.loss.append(epochLoss)
      var line = ProgressLine(steps: steps, elapsed: ContinuousClock.now - start, loss: epochLoss)
      if let validation {
        let validationLoss = try evaluate(validation.x, validation.y, batchSize: options.batchSize)
        history.validationLoss.append(validationLoss)
        line.validationLoss = validationLoss
      }
      if options.verbose {
        log("Epoch \(epoch)/\(options.epochs)")
        log(line.description)
      }
      let logs = EpochLogs(loss: epochLoss, validationLoss: history.validationLoss.last)
      let stop = callbacks.reduce(false) { stop, callback in callback.onEpochEnd(epoch - 1, logs: logs, model: self) || stop }
      if stop {
        if options.verbose { log("Epoch \(epoch): early stopping") }
        break
      }
    }
    for callback in callbacks { callback.onTrainEnd(&self) }
    return history
  }

  /// The loss on `x`, `y`, computed `batchSize` samples at a time, as Keras' `evaluate`.
  public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) throws(NNError) -> Float {
    let predictions = try predict(x, batchSize: batchSize)
    try checkTargets(y, samples: x.shape[0])
    return loss.value(predictions: predictions, targets: y)
  }
}

/// Keras 3's end-of-epoch progress line:
/// `144/144 ━━━━━━━━━━━━━━━━━━━━ 0s 95us/step - loss: 0.0123`.
struct ProgressLine: CustomStringConvertible {
  var steps: Int
  var elapsed: Duration
  var loss: Float
  var validationLoss: Float?

  var description: String {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let perStep = seconds / Double(max(steps, 1))
    let stepTime: String
    if perStep >= 1 { stepTime = "\(Int(perStep.rounded()))s/step" }
    else if perStep >= 1e-3 { stepTime = "\(Int((perStep * 1e3).rounded()))ms/step" }
    else { stepTime = "\(Int((perStep * 1e6).rounded()))us/step" }
    var text = "\(steps)/\(steps) \(String(repeating: "━", count: 20)) \(Int(seconds))s \(stepTime)"
      + " - loss: \(Self.format(loss))"
    if let validationLoss { text += " - val_loss: \(Self.format(validationLoss))" }
    return text
  }

  /// Keras prints four significant decimals, switching to scientific notation for tiny values.
  static func format(_ value: Float) -> String {
    String(format: value != 0 && abs(value) < 1e-3 ? "%.4e" : "%.4f", Double(value))
  }
}
