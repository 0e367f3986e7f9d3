import Foundation
import ForecastNN

/// A model directory on disk — `model.json`, and `weights.safetensors` for networks — written
/// whole: built in a sibling temporary folder and moved into place, so that a reader finds the
/// old model or the new one, never a mix.
///
/// Every `model.json` starts with `format` (`swift-forecast.model`), `format_version` and the
/// method's name: at the top for the statistical methods, inside `metadata` for networks (whose
/// file is ForecastNN's `ModelManifest`). Files of format version 1, written before methods
/// existed, hold the tutorial's network.
public enum ModelDirectory {
  /// The description file of a model directory.
  public static let manifestFileName = Sequential.manifestFileName
  /// The `format_version` written by this build; it reads this one and older.
  public static let formatVersion = 2

  /// The first fields of any `model.json`.
  private struct Header: Decodable {
    struct Metadata: Decodable { var method: String? }
    var format: String
    var formatVersion: Int
    var method: String?
    var metadata: Metadata?

    enum CodingKeys: String, CodingKey {
      case format, method, metadata
      case formatVersion = "format_version"
    }
  }

  /// The file of a statistical method: the header and the fitted model.
  fileprivate struct File<Model> {
    var format = ModelManifestFormat.name
    var formatVersion = ModelDirectory.formatVersion
    var method: String
    var model: Model

    enum CodingKeys: String, CodingKey {
      case format, method, model
      case formatVersion = "format_version"
    }
  }
}

extension ModelDirectory.File: Encodable where Model: Encodable {}
extension ModelDirectory.File: Decodable where Model: Decodable {}

extension ModelDirectory {
  /// The method that wrote the model directory at `directory`.
  /// - Throws: `ModelError.modelFile` when `model.json` is missing, unreadable, not a model
  ///   description, or of a newer format.
  public static func method(at directory: URL) throws(ModelError) -> String {
    let url = directory.appendingPathComponent(manifestFileName)
    let header = try decode(Header.self, from: url)
    guard header.format == ModelManifestFormat.name else {
      throw .modelFile(path: url.path, problem: "has format '\(header.format)', expected '\(ModelManifestFormat.name)'.")
    }
    guard header.formatVersion <= formatVersion else {
      throw .modelFile(path: url.path, problem: "has format version \(header.formatVersion); this build reads up to \(formatVersion). Use a newer swift-forecast.")
    }
    return header.method ?? header.metadata?.method ?? NetworkForecaster.tutorialMethodName
  }

  /// Writes `model` as the `model.json` of a new model directory at `directory`; `contents`
  /// writes whatever else belongs in the directory (a composite method's members) into the
  /// folder it is given.
  public static func save<Model: Codable>(
    _ model: Model, method: String, to directory: URL, contents: (URL) throws -> Void = { _ in }
  ) throws(ModelError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let data: Data
    do { data = try encoder.encode(File(method: method, model: model)) } catch {
      throw .modelFile(path: directory.path, problem: "cannot be written: \(error.localizedDescription)")
    }
    try write(to: directory) { folder in
      try data.write(to: folder.appendingPathComponent(manifestFileName))
      try contents(folder)
    }
  }

  /// Reads the fitted model of a directory written by `save`.
  /// - Throws: `ModelError.modelFile` when the file is not a model of this type, naming the
  ///   method it holds.
  public static func load<Model: Forecaster & Codable>(_ type: Model.Type, from directory: URL) throws(ModelError) -> Model {
    let (found, model) = try decodeModel(Model.self, from: directory)
    let url = directory.appendingPathComponent(manifestFileName)
    guard model.methodName == found else {
      throw .modelFile(path: url.path, problem: "holds a '\(found)' model, not '\(model.methodName)'.")
    }
    return model
  }

  /// The method named in the `model.json` at `directory` and the model it holds, as `Model`.
  /// - Throws: `ModelError.modelFile` when the file is not a model of this type, naming the
  ///   method it holds.
  public static func decodeModel<Model: Decodable>(_ type: Model.Type, from directory: URL) throws(ModelError) -> (method: String, model: Model) {
    let found = try method(at: directory)
    let url = directory.appendingPathComponent(manifestFileName)
    do throws(ModelError) { return (found, try decode(File<Model>.self, from: url).model) } catch {
      throw .modelFile(path: url.path, problem: "holds a '\(found)' model, which \(Model.self) cannot read: \(error.description)")
    }
  }

  /// Fills a new model directory through `fill`, which writes into the folder it is given; then
  /// puts that folder at `directory`, replacing a model directory that was there.
  /// - Throws: `ModelError.modelFile` when `directory` is a file or a folder that is not a model
  ///   directory (it is never replaced), or when writing fails; nothing is left half-written.
  public static func write(to directory: URL, _ fill: (URL) throws -> Void) throws(ModelError) {
    let manager = FileManager.default
    let path = directory.path
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw .modelFile(path: path, problem: "exists and is a file, not a model directory. Choose another path.")
      }
      let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
      guard contents.isEmpty || contents.contains(manifestFileName) else {
        throw .modelFile(path: path, problem: "is a folder that holds other files and no \(manifestFileName); it is not replaced. Choose an empty or new folder.")
      }
    }
    let parent = directory.deletingLastPathComponent()
    let name = directory.lastPathComponent
    let staging = parent.appendingPathComponent(".\(name).new-\(UUID().uuidString)")
    let aside = parent.appendingPathComponent(".\(name).old-\(UUID().uuidString)")
    do {
      try manager.createDirectory(at: parent, withIntermediateDirectories: true)
      try manager.createDirectory(at: staging, withIntermediateDirectories: false)
      try fill(staging)
      if manager.fileExists(atPath: path) {
        try manager.moveItem(at: directory, to: aside)
        try manager.moveItem(at: staging, to: directory)
        try? manager.removeItem(at: aside)
      } else {
        try manager.moveItem(at: staging, to: directory)
      }
    } catch {
      try? manager.removeItem(at: staging)
      if manager.fileExists(atPath: aside.path) && !manager.fileExists(atPath: path) {
        try? manager.moveItem(at: aside, to: directory)
      }
      throw .modelFile(path: path, problem: "cannot be written: \(error.localizedDescription)")
    }
  }

  private static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws(ModelError) -> T {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      let exists = FileManager.default.fileExists(atPath: url.path)
      throw .modelFile(
        path: url.path,
        problem: exists ? "cannot be read (\(error.localizedDescription))." : "does not exist. Is this a model directory written by `forecast train`?")
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do { return try decoder.decode(T.self, from: data) } catch {
      throw .modelFile(path: url.path, problem: "is not a valid model description (\(describe(error))).")
    }
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
      let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
      return "missing field '\(path)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
         DecodingError.dataCorrupted(let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return path.isEmpty ? context.debugDescription : "bad value at '\(path)': \(context.debugDescription)"
    default: return error.localizedDescription
    }
  }
}

extension Forecaster where Self: Codable {
  /// Writes `model.json` holding the fitted model.
  public func save(to directory: URL) throws {
    guard isFitted else { throw ModelError.notFitted(method: methodName) }
    try ModelDirectory.save(self, method: methodName, to: directory)
  }

  /// Reads a model directory written by `save`.
  public static func load(from directory: URL) throws -> Self {
    try ModelDirectory.load(Self.self, from: directory)
  }
}
