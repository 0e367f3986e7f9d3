import Dispatch
import ForecastKernels
import ForecastNN

extension NetworkSettings {
  /// Trains the `ensembleSize` networks these settings describe on windows `x` (`[N, window,
  /// features]`) and targets `y` (`[N, outputSteps]`), concurrently when there are several:
  /// member k starts from seed `seed + k`, learns with Adam on MSE, and with a `patience` stops
  /// early on the loss of `validation` (or, when that is nil, of the latest `validationSplit` of
  /// the windows, as Keras' `validation_split`), restoring its best epoch's weights.
  /// The first member's summary and progress go to `log`.
  /// - Throws: `NNError.nonFiniteLoss` when training diverges, or another `NNError` for data
  ///   that does not fit the network.
  func trainEnsemble(
    _ x: Tensor, _ y: Tensor, validation: (x: Tensor, y: Tensor)? = nil, log: (@Sendable (String) -> Void)?
  ) throws -> [(model: Sequential, history: History)] {
    guard ensembleSize > 1 else { return [try trainMember(0, x, y, validation: validation, log: log)] }
    let results = Slots<Result<(model: Sequential, history: History), any Error>>(count: ensembleSize)
    DispatchQueue.concurrentPerform(iterations: ensembleSize) { member in
      results[member] = Result { try trainMember(member, x, y, validation: validation, log: member == 0 ? log : nil) }
    }
    return try results.values.map { try $0.get() }
  }

  /// Trains ensemble member `member` (seed `seed + member`).
  private func trainMember(
    _ member: Int, _ x: Tensor, _ y: Tensor, validation: (x: Tensor, y: Tensor)?, log: (@Sendable (String) -> Void)?
  ) throws -> (model: Sequential, history: History) {
    let seed = self.seed &+ UInt64(member)
    var network = try Sequential(inputShape: Array(x.shape.dropFirst()), layers: makeLayers(), seed: seed)
    network.compile(optimizer: Adam(learningRate: Float(learningRate)), loss: .meanSquaredError)
    log?(network.summary())
    let callbacks: [any Callback] = patience.map { [EarlyStopping(patience: $0, restoreBestWeights: true)] } ?? []
    let history = try network.fit(
      x, y,
      options: FitOptions(
        epochs: epochs, batchSize: batchSize, seed: seed, validationSplit: validation == nil ? validationSplit : 0,
        verbose: log != nil),
      validationData: validation, callbacks: callbacks, log: { log?($0) })
    return (network, history)
  }
}
