import ForecastNN
import ForecastSeries

/// An ensemble's networks made ready for a recursive forecast, which predicts once per block of
/// steps: one `Predictor` per member (each with its own weights), made once for `samples`
/// windows, and the members' outputs of the latest prediction, overwritten by the next.
struct EnsemblePrediction {
  private let predictors: [Predictor]
  /// Each member's outputs of the latest `predict`, `[samples] + outputShape`.
  private var outputs: [[Float]]

  /// Predictors for `members` on `samples` windows at a time.
  /// - Precondition: there is at least one member, and `samples` is at least 1.
  init(members: [Sequential], samples: Int) {
    precondition(!members.isEmpty && samples >= 1, "An ensemble prediction needs members and samples")
    // Batches as `predict`'s, so the outputs are its own, bit for bit.
    predictors = members.map { Predictor($0, batchSize: min(samples, Predictor.defaultBatchSize)) }
    outputs = members.map { [Float](repeating: .nan, count: samples * $0.outputShape.reduce(1, *)) }
  }

  /// Runs every member on `input` (`[samples] + inputShape`), allocating nothing.
  mutating func predict(_ input: [Float]) {
    input.withUnsafeBufferPointer { x in
      for member in predictors.indices {
        outputs[member].withUnsafeMutableBufferPointer { y in predictors[member].predict(x, into: y) }
      }
    }
  }

  /// The members' median of output `index` (of the flat `[samples] + outputShape`).
  func median(_ index: Int) -> Double {
    Statistics.quantile(outputs.map { Double($0[index]) }.sorted(), 0.5)
  }
}
