import Foundation

/// The fitted models of many series in one directory, as `forecast train --id-column` writes it:
/// a `model.json` whose method is `collection` lists each series' id and the folder (inside the
/// directory) holding its model directory. Written whole, like every model directory.
public enum ModelCollection {
  /// The method name a collection's `model.json` carries.
  public static let methodName = "collection"

  /// The listing in a collection's `model.json`.
  struct Manifest: Codable {
    struct Entry: Codable {
      var id: String
      var folder: String
    }
    /// The column that named the series in the training file.
    var idColumn: String
    var series: [Entry]

    enum CodingKeys: String, CodingKey {
      case series
      case idColumn = "id_column"
    }
  }

  /// Writes `models` (each fitted, keyed by series id) as a collection at `directory`, replacing
  /// a model directory or collection that was there.
  /// - Throws: `ModelError.modelFile` when a model cannot be written (nothing is left
  ///   half-written), `ModelError.notFitted` for a model that is not fitted.
  public static func save(_ models: [(id: String, model: any Forecaster)], idColumn: String, to directory: URL) throws {
    // Compared without case: "A" and "a" are one folder on a case-insensitive disk.
    var used = Set<String>()
    let entries = models.map { item in
      var folder = folderName(for: item.id)
      while !used.insert(folder.lowercased()).inserted { folder += "_" }
      return Manifest.Entry(id: item.id, folder: folder)
    }
    try ModelDirectory.save(Manifest(idColumn: idColumn, series: entries), method: methodName, to: directory) { staging in
      for (entry, item) in zip(entries, models) { try item.model.save(to: staging.appendingPathComponent(entry.folder)) }
    }
  }

  /// The models of the collection at `directory`, keyed by series id, and the id column it was
  /// trained with.
  /// - Throws: `ModelError.modelFile` when `directory` is not a collection or one of its models
  ///   cannot be read (naming it).
  public static func load(from directory: URL) throws -> (idColumn: String, models: [String: any Forecaster]) {
    let method = try ModelDirectory.method(at: directory)
    guard method == methodName else {
      throw ModelError.modelFile(
        path: directory.path,
        problem: "holds one '\(method)' model, not the models of many series; write those with `forecast train --id-column`, or leave out --id-column to use this model on one series.")
    }
    let manifest = try ModelDirectory.decodeModel(Manifest.self, from: directory).model
    var models: [String: any Forecaster] = [:]
    for entry in manifest.series {
      let folder = entry.folder
      guard !folder.isEmpty, folder != ".", folder != "..", !folder.contains("/") else {
        throw ModelError.modelFile(path: directory.appendingPathComponent(ModelDirectory.manifestFileName).path, problem: "names the folder '\(folder)' for series '\(entry.id)', which is not a folder inside the collection.")
      }
      models[entry.id] = try ForecastMethod.load(from: directory.appendingPathComponent(folder))
    }
    return (manifest.idColumn, models)
  }

  /// A folder name for series `id`: its letters, digits, '-', '_' and '.', the rest
  /// percent-encoded (so distinct ids give distinct names), never '.' or '..'; long ids end in a
  /// hash instead.
  static func folderName(for id: String) -> String {
    var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
    allowed.insert(".")
    var name = id.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    if name.hasPrefix(".") || name.isEmpty { name = "%2E" + name.dropFirst(name.isEmpty ? 0 : 1) }
    if name.utf8.count > 200 { name = String(name.prefix(180)) + "-" + String(Shard.hash(id), radix: 16) }
    return name
  }
}
