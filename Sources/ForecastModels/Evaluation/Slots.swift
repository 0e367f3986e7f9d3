import Foundation

/// Results written by concurrent jobs, each to its own slot.
final class Slots<Value>: @unchecked Sendable {
  private var slots: [Value?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  subscript(index: Int) -> Value {
    get { lock.withLock { slots[index]! } }
    set { lock.withLock { slots[index] = newValue } }
  }

  /// Every slot's value, in order (each must have been written).
  var values: [Value] { lock.withLock { slots.map { $0! } } }
}

/// `transform` of every index in `0..<count`, run concurrently on every core, in index order.
func concurrentMap<Value>(_ count: Int, _ transform: @Sendable (Int) -> Value) -> [Value] {
  let results = Slots<Value>(count: count)
  DispatchQueue.concurrentPerform(iterations: count) { results[$0] = transform($0) }
  return results.values
}
