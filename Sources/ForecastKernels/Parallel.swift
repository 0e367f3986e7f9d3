import Dispatch

/// Work split across this machine's two cores.
public enum Parallel {
  /// Runs `body` over `0..<count`: in two halves on two threads when `parallel` is true (the
  /// first half ends on a multiple of `alignment`), else in one call. Returns when both are done.
  ///
  /// `body` must write only what belongs to its range; everything else it may only read.
  public static func halves(
    _ count: Int, parallel: Bool, alignment: Int = 1, _ body: (Range<Int>) -> Void
  ) {
    guard parallel && count >= 2 * alignment else {
      body(0..<count)
      return
    }
    let split = (count / 2 + alignment - 1) / alignment * alignment
    // concurrentPerform is synchronous: the closure never outlives this call.
    withoutActuallyEscaping(body) { body in
      let box = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: 2) { half in
        box.value(half == 0 ? 0..<split : split..<count)
      }
    }
  }
}

/// Carries a value across the two threads of `Parallel.halves`, which is safe because each
/// thread writes only its own range and the call waits for both.
private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
