import _CForecastKernels

/// Work split across this machine's two cores.
public enum Parallel {
  /// Runs `body` over `0..<count`: in two halves on two threads when `parallel` is true (the
  /// first half ends on a multiple of `alignment`), else in one call. Returns when both are done.
  ///
  /// The second thread is a persistent worker reached through a spin-wait hand-off
  /// (`fk_fork_join`), cheap enough to split products of a few tens of thousands of
  /// multiply-adds. On a busy machine (a one-minute load average of at least the CPUs plus one)
  /// both halves run on the calling thread: there the worker often loses its core inside its
  /// half, and waiting for its next time slice costs more than the second core brings.
  /// `FORECAST_PARALLEL=always` skips that check. `body` must write only what belongs to its
  /// range; all else it may only read.
  public static func halves(
    _ count: Int, parallel: Bool, alignment: Int = 1, _ body: (Range<Int>) -> Void
  ) {
    guard parallel, let split = splitPoint(count, alignment: alignment) else {
      body(0..<count)
      return
    }
    withoutActuallyEscaping(body) { body in
      var job = Job(body: body, first: 0..<split, second: split..<count)
      withUnsafeMutablePointer(to: &job) { pointer in
        fk_fork_join({ context, part in
          let job = context!.assumingMemoryBound(to: Job.self)
          job.pointee.body(part == 0 ? job.pointee.first : job.pointee.second)
        }, pointer)
      }
    }
  }

  /// Runs `body` with every `halves` it calls on this thread, and every kernel job, on this
  /// thread alone: for small work beside a job that has just run on one thread, when the worker,
  /// idle meanwhile, may have gone to sleep and waking it costs more than its half saves.
  package static func alone<R>(_ body: () throws -> R) rethrows -> R {
    let outer = fk_enter_alone()
    defer { fk_leave_alone(outer) }
    return try body()
  }

  /// Where `halves` splits `0..<count`: the first multiple of `alignment` at or above the middle,
  /// or nil when the range is too short for two halves.
  package static func splitPoint(_ count: Int, alignment: Int = 1) -> Int? {
    guard count >= 2 * alignment else { return nil }
    return min((count / 2 + alignment - 1) / alignment * alignment, count)
  }

  /// What the two threads of a fork-join share; it lives on the caller's stack for the call.
  private struct Job {
    let body: (Range<Int>) -> Void
    let first: Range<Int>, second: Range<Int>
  }
}
