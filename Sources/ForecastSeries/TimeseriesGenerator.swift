import ForecastKernels
import Foundation

/// Windows over a series with the exact semantics of Keras' `TimeseriesGenerator`
/// (tf-keras `preprocessing.sequence`): the sample for target row `r` is
/// `data[r − length ..< r]` taken every `samplingRate` rows, targets are `targets[r]`, and rows run
/// from `startIndex + length` to `endIndex` every `stride`, `batchSize` rows to a batch.
///
/// With `shuffle`, each batch draws `batchSize` rows uniformly with replacement, as Keras does,
/// from the seeded generator (Keras uses NumPy's global one, so the draws differ).
public struct TimeseriesGenerator: Sendable {
  /// Rows (time) × features.
  public let data: [[Double]]
  /// Per row, the target values.
  public let targets: [[Double]]
  /// Rows of history per sample.
  public let length: Int
  /// Take every `samplingRate`-th row of the history.
  public let samplingRate: Int
  /// Steps between consecutive target rows.
  public let stride: Int
  /// The first target row (Keras' `start_index + length`).
  public let firstRow: Int
  /// The last target row, inclusive (Keras' `end_index`, default the last row).
  public let lastRow: Int
  /// Samples per batch.
  public let batchSize: Int
  /// Whether batches draw random rows.
  public let shuffle: Bool
  /// Whether each sample's rows are in reverse chronological order.
  public let reverse: Bool
  /// Seed for `shuffle`.
  public let seed: UInt64

  /// A generator with Keras' arguments and defaults.
  /// - Throws: `SeriesError.tooShort` when no window fits, as Keras raises for
  ///   `start_index > end_index`; `.invalidArgument` for non-positive sizes.
  public init(data: [[Double]], targets: [[Double]], length: Int, samplingRate: Int = 1, stride: Int = 1,
              startIndex: Int = 0, endIndex: Int? = nil, shuffle: Bool = false, reverse: Bool = false,
              batchSize: Int = 128, seed: UInt64 = 0) throws(SeriesError) {
    guard data.count == targets.count else {
      throw .invalidArgument("Data and targets must have the same length, found \(data.count) and \(targets.count).")
    }
    guard length >= 1, samplingRate >= 1, stride >= 1, batchSize >= 1, startIndex >= 0 else {
      throw .invalidArgument("length, sampling rate, stride and batch size must be positive and the start index not negative.")
    }
    let last = endIndex ?? data.count - 1
    guard startIndex + length <= last, last < data.count else {
      throw .tooShort("A window of \(length) needs at least \(startIndex + length + 1) observations (start \(startIndex), end \(last)), but the series has \(data.count).")
    }
    self.data = data
    self.targets = targets
    self.length = length
    self.samplingRate = samplingRate
    self.stride = stride
    self.firstRow = startIndex + length
    self.lastRow = last
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.reverse = reverse
    self.seed = seed
  }

  /// A univariate generator whose targets are the series itself (the tutorial's use).
  public init(series: [Double], length: Int, batchSize: Int = 1) throws(SeriesError) {
    let rows = series.map { [$0] }
    try self.init(data: rows, targets: rows, length: length, batchSize: batchSize)
  }

  /// The number of batches (Keras' `len(generator)`).
  public var count: Int { (lastRow - firstRow + batchSize * stride) / (batchSize * stride) }

  /// The target rows of batch `index`.
  public func rows(ofBatch index: Int) -> [Int] {
    if shuffle {
      var generator = SeededGenerator(seed: seed &+ UInt64(index))
      return (0..<batchSize).map { _ in Int.random(in: firstRow...lastRow, using: &generator) }
    }
    let start = firstRow + batchSize * stride * index
    return Array(Swift.stride(from: start, to: min(start + batchSize * stride, lastRow + 1), by: stride))
  }

  /// Batch `index`: samples (batch × timesteps × features) and targets (batch × target width).
  public func batch(_ index: Int) -> (samples: [[[Double]]], targets: [[Double]]) {
    let rows = rows(ofBatch: index)
    let samples = rows.map { row -> [[Double]] in
      let window = Swift.stride(from: row - length, to: row, by: samplingRate).map { data[$0] }
      return reverse ? window.reversed() : window
    }
    return (samples, rows.map { targets[$0] })
  }

  /// Every batch in order, concatenated: what `fit(generator)` sees over one epoch.
  public func allBatches() -> (samples: [[[Double]]], targets: [[Double]]) {
    (0..<count).map(batch).reduce(into: ([], [])) { $0.samples += $1.samples; $0.targets += $1.targets }
  }
}
