/// How closely two sequences of numbers agree, element by element — the package's one rule for
/// "close", used by every numeric test.
///
/// Element `i` is close when `|ours[i] − theirs[i]| ≤ tolerance · max(|theirs[i]|, floor)`:
/// relative for large values, absolute (`tolerance · floor`) near zero. The comparison is
/// written so that NaN on either side is *not* close, and so is a different length (as
/// swift-numerics' `isApproximatelyEqual` and llm.c's `check_tensor`, which folds
/// `ok && diff <= tol`). `worst` is NaN when any difference is NaN, never a maximum that skipped
/// it (`Swift.max(x, .nan)` is `x`).
package struct Closeness: Sendable, CustomStringConvertible {
  /// Whether every element is close and the lengths agree.
  package let isClose: Bool
  /// The largest `|ours − theirs| / max(|theirs|, floor)`; NaN if any element gives NaN,
  /// infinity for different lengths.
  package let worst: Double
  /// The first element that is not close, if any.
  package let firstFailure: Int?

  /// Compares `ours` with `theirs`.
  package init<A: Collection, B: Collection>(
    _ ours: A, _ theirs: B, tolerance: Double, floor: Double = 1
  ) where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    guard ours.count == theirs.count else {
      (isClose, worst, firstFailure) = (false, .infinity, Swift.min(ours.count, theirs.count))
      return
    }
    var worst = 0.0, failure: Int? = nil
    for (index, (a, b)) in zip(ours, theirs).enumerated() {
      let difference = Swift.abs(Double(a) - Double(b)) / Swift.max(Swift.abs(Double(b)), floor)
      if !(difference <= tolerance) && failure == nil { failure = index }
      if difference.isNaN || difference > worst { worst = difference }
      if worst.isNaN { worst = .nan }
    }
    (isClose, self.worst, firstFailure) = (failure == nil, worst, failure)
  }

  package var description: String {
    isClose ? "close (worst \(worst))" : "not close at element \(firstFailure ?? -1) (worst \(worst))"
  }
}

/// Whether `ours` and `theirs` agree element by element within `tolerance · max(|theirs|, floor)`;
/// false on NaN on either side and on different lengths. See `Closeness`.
package func allClose<A: Collection, B: Collection>(
  _ ours: A, _ theirs: B, tolerance: Double, floor: Double = 1
) -> Bool where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
  Closeness(ours, theirs, tolerance: tolerance, floor: floor).isClose
}

/// The distance between two floats in units in the last place of `expected`, as an exact real
/// `expected` (from a Double computation) rounds to: `|value − expected| / ulp(Float(expected))`,
/// where the ulp of a subnormal result is the smallest subnormal. NaN when either is NaN, except
/// that two NaNs are 0 apart; infinity when one is infinite and the other not.
package func ulpDistance(_ value: Float, _ expected: Double) -> Double {
  if value.isNaN || expected.isNaN { return value.isNaN && expected.isNaN ? 0 : .nan }
  let rounded = Float(expected)
  if value.isInfinite || rounded.isInfinite { return value == rounded ? 0 : .infinity }
  return Swift.abs(Double(value) - expected) / Double(rounded.ulp)
}
