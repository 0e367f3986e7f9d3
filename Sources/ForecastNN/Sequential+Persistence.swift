import Foundation

/// The contents of `model.json`: the architecture and whatever the caller needs besides the
/// weights to use the model (`metadata`: window, scaler, training settings).
public struct ModelManifest<Metadata: Codable & Sendable>: Codable, Sendable {
  /// Identifies the file.
  public var format = ModelManifestFormat.name
  /// Bumped when the layout changes incompatibly.
  public var formatVersion = ModelManifestFormat.version
  /// The per-sample input shape.
  public var inputShape: [Int]
  /// The layers, first to last.
  public var layers: [LayerConfiguration]
  /// Caller-defined settings stored beside the architecture.
  public var metadata: Metadata

  enum CodingKeys: String, CodingKey {
    case format, layers, metadata
    case formatVersion = "format_version"
    case inputShape = "input_shape"
  }
}

/// The identity of `model.json`.
public enum ModelManifestFormat {
  /// The value of the `format` field.
  public static let name = "swift-forecast.model"
  /// The newest `format_version` this library reads and writes.
  public static let version = 1
}

extension Sequential {
  /// The architecture file in a model directory.
  public static let manifestFileName = "model.json"
  /// The weights file in a model directory.
  public static let weightsFileName = "weights.safetensors"

  /// The weights as safetensors entries named `layers.N.kernel`, `layers.N.recurrent_kernel`,
  /// `layers.N.bias`, in Keras' shapes.
  public var namedWeights: [SafeTensors.Entry] {
    layers.indices.flatMap { index in
      zip(parameterSpecs[index], weights(ofLayer: index)).map { spec, tensor in
        SafeTensors.Entry(name: "layers.\(index).\(spec.name)", shape: spec.shape, scalars: tensor.scalars)
      }
    }
  }

  /// Writes `model.json` and `weights.safetensors` into `directory` (created if needed); each
  /// file is written whole, through a temporary file and a rename.
  public func save<Metadata: Codable & Sendable>(to directory: URL, metadata: Metadata) throws(NNError) {
    let manifest = ModelManifest(
      inputShape: inputShape, layers: layers.map(\.configuration), metadata: metadata)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try SafeTensors.encode(namedWeights).write(
        to: directory.appendingPathComponent(Self.weightsFileName), options: .atomic)
      try encoder.encode(manifest).write(
        to: directory.appendingPathComponent(Self.manifestFileName), options: .atomic)
    } catch {
      throw .modelFile(path: directory.path, problem: "cannot write the model: \(error.localizedDescription)")
    }
  }

  /// Reads a model directory written by `save` (or by a Python script writing the same files).
  /// - Throws: `NNError.modelFile` naming the file and the problem: missing, unreadable,
  ///   truncated, corrupt, a newer format, or a tensor whose shape does not match `model.json`.
  public static func load<Metadata: Codable & Sendable>(
    from directory: URL, metadata: Metadata.Type
  ) throws(NNError) -> (model: Sequential, metadata: Metadata) {
    let manifestURL = directory.appendingPathComponent(manifestFileName)
    let weightsURL = directory.appendingPathComponent(weightsFileName)
    let manifestData = try read(manifestURL)
    let manifest: ModelManifest<Metadata>
    do {
      manifest = try JSONDecoder().decode(ModelManifest<Metadata>.self, from: manifestData)
    } catch {
      throw .modelFile(path: manifestURL.path, problem: "is not a valid model description (\(describe(error))).")
    }
    guard manifest.format == ModelManifestFormat.name else {
      throw .modelFile(path: manifestURL.path, problem: "has format '\(manifest.format)', expected '\(ModelManifestFormat.name)'.")
    }
    guard manifest.formatVersion <= ModelManifestFormat.version else {
      throw .modelFile(
        path: manifestURL.path,
        problem: "has format version \(manifest.formatVersion); this build reads up to \(ModelManifestFormat.version). Use a newer swift-forecast.")
    }
    guard !manifest.inputShape.isEmpty, manifest.inputShape.allSatisfy({ (1...1_000_000).contains($0) }) else {
      throw .modelFile(path: manifestURL.path, problem: "has input_shape \(manifest.inputShape); expected positive extents such as [12, 1].")
    }
    var model: Sequential
    do throws(NNError) {
      var layers: [any Layer] = []
      for configuration in manifest.layers { layers.append(try configuration.makeLayer()) }
      model = try Sequential(inputShape: manifest.inputShape, layers: layers)
    } catch {
      throw .modelFile(path: manifestURL.path, problem: error.description)
    }
    let tensors = try SafeTensors.decode(try read(weightsURL), path: weightsURL.path)
    let expected = model.namedWeights
    for entry in expected {
      guard let found = tensors[entry.name] else {
        throw .modelFile(path: weightsURL.path, problem: "has no tensor '\(entry.name)', which \(manifestFileName) requires (shape \(entry.shape)).")
      }
      guard found.shape == entry.shape else {
        throw .modelFile(
          path: weightsURL.path,
          problem: "tensor '\(entry.name)' has shape \(found.shape), but \(manifestFileName) requires \(entry.shape).")
      }
    }
    if let extra = Set(tensors.keys).subtracting(expected.map(\.name)).sorted().first {
      throw .modelFile(path: weightsURL.path, problem: "has tensor '\(extra)', which no layer in \(manifestFileName) has.")
    }
    model.parameters = expected.flatMap { tensors[$0.name]!.scalars }
    return (model, manifest.metadata)
  }

  private static func read(_ url: URL) throws(NNError) -> Data {
    do { return try Data(contentsOf: url) } catch {
      let exists = FileManager.default.fileExists(atPath: url.path)
      throw .modelFile(
        path: url.path,
        problem: exists ? "cannot be read (\(error.localizedDescription))." : "does not exist. Is this a model directory written by `forecast train`?")
    }
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      let path = context.codingPath.map { $0.stringValue }.joined(separator: ".")
      return "bad value at '\(path)': \(context.debugDescription)"
    case DecodingError.dataCorrupted(let context): return context.debugDescription
    default: return error.localizedDescription
    }
  }
}
