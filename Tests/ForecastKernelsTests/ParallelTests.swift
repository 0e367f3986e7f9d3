import Dispatch
import ForecastKernels
import Foundation
import Testing
import _CForecastKernels

@Suite("Parallel")
struct ParallelTests {
  /// The ranges `Parallel.halves` hands to its body, in the order the calls finished.
  static func ranges(_ count: Int, parallel: Bool, alignment: Int = 1) -> [Range<Int>] {
    let seen = Locked<[Range<Int>]>([])
    Parallel.halves(count, parallel: parallel, alignment: alignment) { range in seen.update { $0.append(range) } }
    return seen.value.sorted { $0.lowerBound < $1.lowerBound }
  }

  @Test("halves cover the range exactly once, the split on a multiple of the alignment")
  func split() {
    for (count, alignment) in [(2, 1), (3, 1), (100, 1), (100, 16), (1000, 16), (33, 16), (47, 4), (1 << 16, 8)] {
      let ranges = Self.ranges(count, parallel: true, alignment: alignment)
      #expect(ranges.count == 2, "\(count)/\(alignment): \(ranges)")
      #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
      #expect(ranges.count == 2 && ranges[0].upperBound == ranges[1].lowerBound && !ranges[0].isEmpty && !ranges[1].isEmpty)
      #expect(ranges[0].upperBound % alignment == 0, "\(count)/\(alignment): split at \(ranges[0].upperBound)")
      // The halves are as even as the alignment allows.
      #expect(abs(ranges[0].count - ranges[1].count) <= 2 * alignment)
    }
  }

  @Test("a small or serial range is one call on the whole range")
  func serial() {
    #expect(Self.ranges(0, parallel: true) == [0..<0])
    #expect(Self.ranges(1, parallel: true) == [0..<1])
    #expect(Self.ranges(31, parallel: true, alignment: 16) == [0..<31])
    #expect(Self.ranges(1000, parallel: false, alignment: 16) == [0..<1000])
  }

  @Test("every element is written once, also from many threads at once and from inside a job")
  func concurrentAndNested() {
    // Eight threads fork-join at once: one gets the worker, the others run serially; all finish.
    let counts = [4096, 777, 10_000, 64, 1 << 15, 5, 12_345, 2048]
    let results = Locked<[Int: [Int]]>([:])
    DispatchQueue.concurrentPerform(iterations: counts.count * 4) { iteration in
      let count = counts[iteration % counts.count]
      var values = [Int](repeating: 0, count: count)
      values.withUnsafeMutableBufferPointer { buffer in
        Parallel.halves(count, parallel: true, alignment: 4) { outer in
          // A fork-join inside a job runs serially, on whichever thread runs the job.
          Parallel.halves(outer.count, parallel: true) { inner in
            for i in inner { buffer[outer.lowerBound + i] += i + outer.lowerBound + 1 }
          }
        }
      }
      results.update { $0[iteration] = values }
    }
    let all = results.value
    #expect(all.count == counts.count * 4)
    for (iteration, values) in all {
      #expect(values == Array(1...counts[iteration % counts.count]), "iteration \(iteration)")
    }
  }

  @Test("inside alone, both halves run on the calling thread, also after an inner alone has ended")
  func alone() {
    // On one CPU or a busy machine every half runs on the caller anyway; with two CPUs and
    // FORECAST_PARALLEL=always, an inner alone that ended the outer one lets the worker take halves.
    let caller = pthread_self()
    let threads = Locked<[pthread_t]>([])
    func forkJoins() {
      for _ in 0..<100 {
        Parallel.halves(1 << 12, parallel: true) { range in
          // Long enough (a few microseconds) for a worker that may take a half to come for it.
          var sum = 0.0
          for i in range { sum += Double(i).squareRoot() }
          threads.update { $0.append(sum >= 0 ? pthread_self() : caller) }
        }
      }
    }
    Parallel.alone {
      forkJoins()
      Parallel.alone {}
      forkJoins()
    }
    #expect(threads.value.count == 400)
    #expect(threads.value.allSatisfy { pthread_equal($0, caller) != 0 })
  }

  @Test("many fork-joins in a row all complete, each seeing the other half's writes after the join")
  func handOff() {
    // A hand-off that lost a wake-up would run the job serially (still correct) or hang; a
    // missing ordering would show stale values here (and under ThreadSanitizer, a race).
    var buffer = [Int](repeating: 0, count: 64)
    for round in 1...20_000 {
      buffer.withUnsafeMutableBufferPointer { buffer in
        Parallel.halves(64, parallel: true, alignment: 8) { range in
          for i in range { buffer[i] = round }
        }
      }
      if buffer.contains(where: { $0 != round }) {
        Issue.record("round \(round): \(buffer)")
        return
      }
    }
  }

  @Test("a phased job starts each phase only after both parts of the one before, whichever part is slower")
  func phaseOrder() {
    // Each part marks its phase done and checks, as it starts, that both parts of the phase before
    // are marked: a hand-off that let one thread run ahead (the worker into phase i + 1 while the
    // caller is still in part 0 of phase i, or the caller past a part the worker holds) fails it.
    // The slow part alternates, so the worker both waits for the caller and runs ahead of its wait.
    // marks[0]: the slow part; marks[1]: set when a phase started early; then two marks a phase.
    let phases = 25, jobs = 2000
    let marks = UnsafeMutablePointer<Int32>.allocate(capacity: 2 + 2 * phases)
    defer { marks.deallocate() }
    for job in 0..<jobs {
      marks.initialize(repeating: 0, count: 2 + 2 * phases)
      marks[0] = Int32(job % 3)  // which part is slow: 0, 1 or neither
      fk_phases(phases, { context, index, part in
        let marks = context!.assumingMemoryBound(to: Int32.self), done = marks + 2
        if index > 0 && (done[2 * (index - 1)] != 1 || done[2 * (index - 1) + 1] != 1) { marks[1] = 1 }
        if marks[0] == part {
          var sum = 0.0
          for i in 0..<200 { sum += Double(i).squareRoot() }
          done[2 * index + Int(part)] = sum > 0 ? 1 : 2
        } else {
          done[2 * index + Int(part)] = 1
        }
      }, marks)
      let allRan = (0..<(2 * phases)).allSatisfy { marks[2 + $0] == 1 }
      if !allRan || marks[1] != 0 {
        Issue.record("job \(job): every part ran \(allRan), a phase started early \(marks[1] == 1)")
        return
      }
    }
  }
}

/// A value written from many threads under an NSLock — not Synchronization's `Mutex`, which
/// waits on a futex that ThreadSanitizer does not see as ordering, so it reports the writes under
/// it from different threads as races.
private final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }

  var value: Value { lock.withLock { stored } }
}
