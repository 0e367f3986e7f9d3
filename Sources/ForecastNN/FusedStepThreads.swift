/// How many of `fit`'s fused training steps of one shape — `LSTM` (last state) → `Dense`
/// (linear) with Adam — ran on one thread and how many were given two, in this process so far:
/// for benchmarks (`forecast bench`), which can then tell a step slowed by its machine's second
/// core from a slow step. The thread choice decides per step (a step that cannot be split runs
/// on one); a step given two threads still runs on one when the worker thread has not come for
/// its part. Steps that train layer by layer are not counted.
public struct FusedStepThreads: Equatable, Sendable {
  /// Steps run on one thread.
  public var oneThread = 0
  /// Steps given two threads.
  public var twoThreads = 0

  /// No steps.
  public init() {}

  /// The counts for batches of `batch` sequences of `steps` time steps and `features` features
  /// through `LSTM(units)` → `Dense(outputs)`.
  public static func counts(batch: Int, steps: Int, features: Int, units: Int, outputs: Int) -> FusedStepThreads {
    LSTMDenseTraining.ThreadChoice.counter(
      for: .init(batch: batch, steps: steps, features: features, units: units, outputs: outputs)
    ).current
  }

  /// The steps counted in `self` and not in `earlier`, a snapshot taken before.
  public func since(_ earlier: FusedStepThreads) -> FusedStepThreads {
    var difference = FusedStepThreads()
    (difference.oneThread, difference.twoThreads) = (oneThread - earlier.oneThread, twoThreads - earlier.twoThreads)
    return difference
  }
}
