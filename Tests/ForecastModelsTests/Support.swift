import Foundation
import ForecastSeries

/// The bundled milk series.
func milk() throws -> TimeSeries { try TimeSeries.read(csv: BundledData.milkProductionPath) }

/// A fresh temporary folder.
func temporaryDirectory() -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-models-\(UUID().uuidString)")
  try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Whether every `ours[i]` is within `tolerance · max(|theirs[i]|, 1)` of `theirs[i]`; false for
/// NaN on either side and for different lengths.
func allClose(_ ours: [Double], _ theirs: [Double], tolerance: Double) -> Bool {
  ours.count == theirs.count && zip(ours, theirs).allSatisfy { abs($0 - $1) <= tolerance * max(abs($1), 1) }
}

/// Loads `Fixtures/<name>.json`, written by a script in `scripts/`.
func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
  let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
  return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}
