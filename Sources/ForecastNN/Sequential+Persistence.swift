import Foundation
import ForecastKernels

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
      throw .modelFile(path: directory.path, problem: "cannot write the model: \(FileProblem.describe(error)).")
    }
  }

  /// The largest `model.json` read: far beyond any model's description, so a huge or endless
  /// file is refused before it is read.
  package static let maximumManifestBytes = 64 << 20

  /// Reads a model directory written by `save` (or by a Python script writing the same files).
  ///
  /// `model.json` is read and checked first; the sizes its layers imply are checked against the
  /// weights file's actual length before that file is read, and the weights are placed without
  /// drawing initial values, so no model file makes the library allocate more than the file holds.
  /// - Throws: `NNError.modelFile` naming the file and the problem: missing, unreadable,
  ///   truncated, corrupt, a newer format, a tensor whose shape does not match `model.json`, or a
  ///   weight that is NaN or infinite.
  public static func load<Metadata: Codable & Sendable>(
    from directory: URL, metadata: Metadata.Type
  ) throws(NNError) -> (model: Sequential, metadata: Metadata) {
    let manifestURL = directory.appendingPathComponent(manifestFileName)
    let weightsURL = directory.appendingPathComponent(weightsFileName)
    let manifestData = try read(manifestURL, atMost: maximumManifestBytes)
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
    guard !manifest.inputShape.isEmpty, manifest.inputShape.count <= 8, manifest.inputShape.allSatisfy({ (1...1_000_000).contains($0) }) else {
      throw .modelFile(path: manifestURL.path, problem: "has input_shape \(manifest.inputShape); expected positive extents such as [12, 1].")
    }
    let layers: [any Layer]
    let layout: Layout
    do throws(NNError) {
      guard manifest.layers.count <= 64 else {
        throw .invalidConfiguration("It has \(manifest.layers.count) layers; a model has at most 64.")
      }
      layers = try manifest.layers.map { configuration throws(NNError) in try configuration.makeLayer() }
      layout = try Layout(inputShape: manifest.inputShape, layers: layers)
    } catch {
      throw .modelFile(path: manifestURL.path, problem: error.description)
    }
    // The weights file must hold every parameter: refuse a short one before reading it, and read
    // no more than the parameters and a safetensors header can take.
    let needed = 8 + 4 * layout.parameterCount
    let weights = try read(weightsURL, atMost: needed + SafeTensors.maximumHeaderBytes, atLeast: needed)
    let tensors = try SafeTensors.decode(weights, path: weightsURL.path)
    var parameters: [Float] = []
    parameters.reserveCapacity(layout.parameterCount)
    for (index, specs) in layout.specs.enumerated() {
      for spec in specs {
        let name = "layers.\(index).\(spec.name)"
        guard let found = tensors[name] else {
          throw .modelFile(path: weightsURL.path, problem: "has no tensor '\(name)', which \(manifestFileName) requires (shape \(spec.shape)).")
        }
        guard found.shape == spec.shape else {
          throw .modelFile(
            path: weightsURL.path,
            problem: "tensor '\(name)' has shape \(found.shape), but \(manifestFileName) requires \(spec.shape).")
        }
        parameters += found.scalars
      }
    }
    let expected = Set(layout.specs.enumerated().flatMap { index, specs in specs.map { "layers.\(index).\($0.name)" } })
    if let extra = Set(tensors.keys).subtracting(expected).sorted().first {
      throw .modelFile(path: weightsURL.path, problem: "has tensor '\(extra)', which no layer in \(manifestFileName) has.")
    }
    return (Sequential(inputShape: manifest.inputShape, layers: layers, layout: layout, parameters: parameters), manifest.metadata)
  }

  /// The bytes of `url`, refused when the file is shorter than `minimum` or longer than `maximum`
  /// bytes (checked before reading).
  package static func read(_ url: URL, atMost maximum: Int, atLeast minimum: Int = 0) throws(NNError) -> Data {
    let size: Int
    do { size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0 } catch {
      let exists = FileManager.default.fileExists(atPath: url.path)
      throw .modelFile(
        path: url.path,
        problem: exists ? "cannot be read: \(FileProblem.describe(error))." : "does not exist. Is this a model directory written by `forecast train`?")
    }
    guard size >= minimum else {
      throw .modelFile(path: url.path, problem: "has \(size) bytes, but the model needs at least \(minimum); the file is truncated or belongs to another model.")
    }
    guard size <= maximum else {
      throw .modelFile(path: url.path, problem: "has \(size) bytes, more than the \(maximum) this model can use; it belongs to another model or is corrupt.")
    }
    // An empty file is not read: Foundation's `Data(contentsOf:)` leaks a 4 KB buffer on one
    // (swift-foundation in Swift 6.3.1; found by fuzzing the model loader).
    guard size > 0 else { return Data() }
    do { return try Data(contentsOf: url) } catch {
      throw .modelFile(path: url.path, problem: "cannot be read: \(FileProblem.describe(error)).")
    }
  }

  private static func describe(_ error: any Error) -> String {
    DecodingProblem.describe(error, names: ["Activation": Activation.allCases.map(\.rawValue)])
  }
}
