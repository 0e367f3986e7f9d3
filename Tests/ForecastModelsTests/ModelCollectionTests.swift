import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("Model collections")
struct ModelCollectionTests {
  @Test("ids that are not folder names round-trip, and a damaged listing is refused")
  func roundTrip() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("collection-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let series = try milk()
    var models: [(id: String, model: any Forecaster)] = []
    for id in ["..", ".", "a/b", "a%2Fb", "ü ✓", "A", "a", String(repeating: "x", count: 300), String(repeating: "x", count: 300) + "y"] {
      var model = BaselineForecaster(.seasonalNaive)
      try model.fit(series)
      models.append((id, model))
    }
    try ModelCollection.save(models, idColumn: "id", to: directory)
    try ModelCollection.save(models, idColumn: "id", to: directory)  // a collection replaces a collection
    let (idColumn, loaded) = try ModelCollection.load(from: directory)
    #expect(idColumn == "id" && Set(loaded.keys) == Set(models.map(\.id)))
    let folders = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "model.json" }
    #expect(folders.count == models.count && folders.allSatisfy { !$0.hasPrefix(".") && !$0.contains("/") && $0.utf8.count <= 255 })
    #expect(Set(folders.map { $0.lowercased() }).count == folders.count)
    // A listing that points outside the collection is refused before anything is read there.
    let manifest = directory.appendingPathComponent("model.json")
    let text = try String(contentsOf: manifest, encoding: .utf8)
    let folder = try #require(folders.first)
    try text.replacingOccurrences(of: "\"\(folder)\"", with: "\"..\"").write(to: manifest, atomically: true, encoding: .utf8)
    #expect(throws: ModelError.self) { try ModelCollection.load(from: directory) }
  }
}
