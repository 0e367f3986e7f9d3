import Foundation

/// How many of `fit`'s fused training steps of one shape — `LSTM` (last state) → `Dense`
/// (linear) with Adam — ran on one thread and how many were given two, in this process so far:
/// for benchmarks (`forecast bench`), which can then tell a step slowed by its machine's second
/// core from a slow step. A step whose recurrent products are too small to split always runs on
/// one thread; for the others the thread choice decides. A step given two threads still runs on
/// one when the worker thread does not come for its part: on one CPU, with
/// `FORECAST_PARALLEL=never`, on a busy machine (one-minute load average ≥ CPUs + 1) or while
/// another thread's job holds the worker. Steps that train layer by layer are not counted.
public struct FusedStepThreads: Equatable, Sendable {
  /// Steps too small to split, run on one thread whatever the thread choice.
  public var unsplit: Int
  /// Steps the thread choice put on one thread.
  public var oneThread: Int
  /// Steps the thread choice gave two threads.
  public var twoThreads: Int

  /// Counts of `unsplit`, `oneThread` and `twoThreads` steps.
  public init(unsplit: Int = 0, oneThread: Int = 0, twoThreads: Int = 0) {
    (self.unsplit, self.oneThread, self.twoThreads) = (unsplit, oneThread, twoThreads)
  }

  /// The counts for batches of `batch` sequences of `steps` time steps and `features` features
  /// through `LSTM(units)` → `Dense(outputs)`: zero where none has trained yet.
  public static func counts(batch: Int, steps: Int, features: Int, units: Int, outputs: Int) -> FusedStepThreads {
    LSTMDenseTraining.ThreadChoice.counts(
      for: .init(batch: batch, steps: steps, features: features, units: units, outputs: outputs))
  }

  /// The steps counted in `self` and not in `earlier`, a snapshot taken before.
  public func since(_ earlier: FusedStepThreads) -> FusedStepThreads {
    FusedStepThreads(
      unsplit: unsplit - earlier.unsplit, oneThread: oneThread - earlier.oneThread,
      twoThreads: twoThreads - earlier.twoThreads)
  }

  /// The steps counted in either (two shapes' counts, say).
  public static func + (a: FusedStepThreads, b: FusedStepThreads) -> FusedStepThreads {
    FusedStepThreads(unsplit: a.unsplit + b.unsplit, oneThread: a.oneThread + b.oneThread, twoThreads: a.twoThreads + b.twoThreads)
  }
}

/// One shape's `FusedStepThreads`, shared by every `fit` of that shape in the process and held by
/// each step's buffers, so that counting costs a step no lookup (`LSTMDenseTraining`).
final class FusedStepCounter: @unchecked Sendable {
  // @unchecked: `lock` guards `counts`.
  private let lock = NSLock()
  private var counts = FusedStepThreads()

  /// Counts a step: `unsplit`, else on one thread or given two.
  func add(unsplit: Bool, oneThread: Bool) {
    lock.withLock {
      if unsplit { counts.unsplit += 1 } else if oneThread { counts.oneThread += 1 } else { counts.twoThreads += 1 }
    }
  }

  /// The steps counted so far.
  var current: FusedStepThreads { lock.withLock { counts } }
}
