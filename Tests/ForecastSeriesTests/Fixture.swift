import Foundation

/// Loads `Fixtures/<name>.json`, written by `scripts/make-series-fixtures.py`.
func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
  let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
  return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// |a − b| ≤ tolerance · max(|b|, 1) for every element, NaN (nil in JSON) matching only NaN; a NaN
/// of ours against a number fails. `worst` is NaN when such a NaN was met (never a maximum that
/// skipped it: `Swift.max(x, .nan)` is `x`).
func agree(_ ours: [Double], _ theirs: [Double?], tolerance: Double) -> (ok: Bool, worst: Double) {
  guard ours.count == theirs.count else { return (false, .infinity) }
  var ok = true, worst = 0.0
  for (a, b) in zip(ours, theirs) {
    guard let b else {
      if !a.isNaN { return (false, .infinity) }
      continue
    }
    let difference = abs(a - b) / max(abs(b), 1)
    ok = ok && difference <= tolerance
    if !(difference <= worst) { worst = difference }
  }
  return (ok, worst)
}
