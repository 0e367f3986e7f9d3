import Foundation
import ForecastKernels
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
  /// puts that folder at `directory`, replacing a model directory that was there, in one step and
  /// exclusively (`AtomicDirectory`): a reader finds the old model or the new one whole, whenever
  /// the writer is killed, the disk fills or another writer saves at the same time.
  /// - Throws: `ModelError.modelFile` when `directory` is a file or a folder that is not a model
  ///   directory (it is never replaced), or when writing fails; nothing is left half-written.
  public static func write(to directory: URL, _ fill: (URL) throws -> Void) throws(ModelError) {
    do {
      try AtomicDirectory.write(to: directory, refusal: refusal, fill)
    } catch let failure as AtomicDirectory.Failure {
      throw .modelFile(path: failure.path, problem: failure.problem + ".")
    } catch let error as ModelError {
      throw error
    } catch {
      throw .modelFile(path: directory.path, problem: "cannot be written: \(error)")
    }
  }

  /// Checks, before a model is fitted, that a model directory can be written at `directory`.
  /// - Throws: `ModelError.modelFile` as `write(to:_:)` would.
  public static func checkWritable(_ directory: URL) throws(ModelError) {
    do { try AtomicDirectory.check(directory, refusal: refusal) } catch {
      throw .modelFile(path: error.path, problem: error.problem + ".")
    }
  }

  /// Why a folder holding `entries` is not replaced by a model directory: it is not one.
  private static func refusal(_ entries: [String]) -> String? {
    entries.isEmpty || entries.contains(manifestFileName)
      ? nil : "is a folder that holds other files and no \(manifestFileName); it is not replaced. Choose an empty or new folder"
  }

  private static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws(ModelError) -> T {
    let data: Data
    do { data = try Sequential.read(url, atMost: Sequential.maximumManifestBytes) } catch {
      guard case .modelFile(let path, let problem) = error else { throw .modelFile(path: url.path, problem: error.description) }
      throw .modelFile(path: path, problem: problem)
    }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do { return try decoder.decode(T.self, from: data) } catch {
      throw .modelFile(path: url.path, problem: "is not a valid model description (\(describe(error))).")
    }
  }

  /// The accepted values of the enumerations a model file holds, for messages.
  private static let names: [String: [String]] = [
    "ForecastMethod": ForecastMethod.allCases.map(\.rawValue), "RecurrentCellKind": RecurrentCellKind.allCases.map(\.rawValue),
    "RecurrentActivation": RecurrentActivation.allCases.map(\.rawValue), "NetworkScaling": NetworkScaling.allCases.map(\.rawValue),
    "Combination": Combination.allCases.map(\.rawValue), "ETSComponent": ETSComponent.allCases.map(\.rawValue),
    "Baseline": Baseline.allCases.map(\.rawValue), "ThetaModelKind": ThetaModelKind.allCases.map(\.rawValue),
    "ARIMAMethod": ARIMAMethod.allCases.map(\.rawValue), "ARIMACriterion": ARIMACriterion.allCases.map(\.rawValue),
    "ErrorScale": ["absolute", "log-ratio"], "Activation": Activation.allCases.map(\.rawValue),
  ]

  private static func describe(_ error: any Error) -> String { DecodingProblem.describe(error, names: names) }
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
