import Foundation
import ForecastNN
import ForecastSeries
import Testing
@testable import ForecastModels

/// Issue 15's damaged model directories: each is refused with a message naming the file, the
/// field and the problem — never a trap, an allocation abort, a long initialisation or NaN
/// forecasts.
@Suite("loading damaged model directories")
struct ModelLoadingTests {
  /// A small trained network saved in a new folder.
  static func savedNetwork() throws -> URL {
    var settings = NetworkSettings()
    settings.units = 4
    settings.epochs = 1
    settings.batchSize = 16
    var model = NetworkForecaster(settings: settings)
    try model.fit(try milk()[0..<60])
    let directory = temporaryDirectory().appendingPathComponent("model")
    try model.save(to: directory)
    return directory
  }

  /// Rewrites `model.json` in `directory` through `edit`, which changes its JSON object.
  static func editManifest(_ directory: URL, _ edit: (inout [String: Any]) -> Void) throws {
    let url = directory.appendingPathComponent("model.json")
    var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    edit(&object)
    try JSONSerialization.data(withJSONObject: object).write(to: url)
  }

  /// The message loading `directory` fails with, and how long it took.
  static func failure(_ directory: URL) -> (message: String, seconds: Double) {
    let start = ContinuousClock.now
    let message: String
    do {
      let model = try ForecastMethod.load(from: directory)
      message = "no error; forecast \(try model.forecast(horizon: 2).values)"
    } catch {
      message = "\(error)"
    }
    let elapsed = ContinuousClock.now - start
    return (message, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }

  static func layers(_ object: inout [String: Any], _ edit: (inout [[String: Any]]) -> Void) {
    var layers = object["layers"] as! [[String: Any]]
    edit(&layers)
    object["layers"] = layers
  }

  static func scaler(_ object: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
    var metadata = object["metadata"] as! [String: Any]
    var scaler = metadata["scaler"] as! [String: Any]
    edit(&scaler)
    metadata["scaler"] = scaler
    object["metadata"] = metadata
  }

  @Test("layers of 65536 or 4096 units, or a 65536-wide Dense, are refused from the weights file's size at once")
  func hugeLayers() throws {
    // Parameters of LSTM(U) on one feature followed by Dense(D) on its U outputs.
    func bytes(lstm u: Int, dense d: Int) -> Int { 8 + 4 * (4 * u * (1 + u + 1) + u * d + d) }
    for (layer, units, needed) in [(0, 65_536, bytes(lstm: 65_536, dense: 1)), (0, 4096, bytes(lstm: 4096, dense: 1)), (1, 65_536, bytes(lstm: 4, dense: 65_536))] {
      let directory = try Self.savedNetwork()
      defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
      try Self.editManifest(directory) { object in Self.layers(&object) { $0[layer]["units"] = units } }
      let (message, seconds) = Self.failure(directory)
      if needed > 8 + 4 * (1 << 31) {
        #expect(message.contains("The model would have more than 2147483648 parameters (LSTM with 65536 units on input (12, 1)); use fewer units."), "\(message)")
      } else {
        #expect(message.contains("weights.safetensors: has ") && message.contains("bytes, but the model needs at least \(needed)"), "\(message)")
      }
      #expect(seconds < 5, "\(units) units took \(seconds) s to refuse")
    }
  }

  @Test("NaN weights and a NaN or zero scaler are refused by name, not forecast as NaN or infinity")
  func nonFinite() throws {
    let directory = try Self.savedNetwork()
    defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    let manifest = try Data(contentsOf: directory.appendingPathComponent("model.json"))
    let weightsURL = directory.appendingPathComponent("weights.safetensors")
    let weights = try Data(contentsOf: weightsURL)
    var tensors = try SafeTensors.decode(weights, path: "")
    tensors["layers.1.bias"]!.scalars[0] = .nan
    try SafeTensors.encode(tensors.values.sorted { $0.name < $1.name }).write(to: weightsURL)
    #expect(Self.failure(directory).message.hasSuffix(
      "weights.safetensors: tensor 'layers.1.bias' holds nan at element 0; the weights are damaged or come from a training that diverged. Train the model again."))
    try weights.write(to: weightsURL)

    try Self.editManifest(directory) { object in Self.scaler(&object) { $0["scale"] = [0.0] } }
    #expect(Self.failure(directory).message.contains("a fitted scaler needs finite values and non-zero scales"))
    try manifest.write(to: directory.appendingPathComponent("model.json"))
    try Self.editManifest(directory) { object in Self.scaler(&object) { $0["min"] = ["nan"] } }
    #expect(Self.failure(directory).message.contains("'metadata.scaler.min[0]'"))
  }

  @Test("empty or mismatched scaler arrays are refused, not a trap in the scaler")
  func emptyScaler() throws {
    let directory = try Self.savedNetwork()
    defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    try Self.editManifest(directory) { object in Self.scaler(&object) { for key in ["scale", "min", "data_min", "data_max"] { $0[key] = [Double]() } } }
    #expect(Self.failure(directory).message.contains(
      "data_min, data_max, scale and min must hold one value per feature each; found [0, 0, 0, 0] values"))
    try Self.editManifest(directory) { object in Self.scaler(&object) { $0["scale"] = [1.0, 2.0]; $0["min"] = [0.0, 0.0]; $0["data_min"] = [0.0, 0.0]; $0["data_max"] = [1.0, 1.0] } }
    #expect(Self.failure(directory).message.contains("its scaler has 2 features, expected 1; the file is damaged."))
  }

  @Test("an unknown activation names the field and the values; a short list names the field")
  func messages() throws {
    let directory = try Self.savedNetwork()
    defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    let manifest = try Data(contentsOf: directory.appendingPathComponent("model.json"))
    try Self.editManifest(directory) { object in Self.layers(&object) { $0[0]["activation"] = "softmax" } }
    #expect(Self.failure(directory).message.contains(
      "'layers[0].activation' is 'softmax', which is not a valid Activation; expected one of linear, relu, tanh, sigmoid, hard_sigmoid"))
    try manifest.write(to: directory.appendingPathComponent("model.json"))
    try Self.editManifest(directory) { object in Self.scaler(&object) { $0["feature_range"] = [0.0] } }
    let short = Self.failure(directory).message
    #expect(short.contains("'metadata.scaler.feature_range' has too few elements: it has no element 1") && !short.contains("Unkeyed container"), "\(short)")
  }

  @Test("data_offsets far past the file are shown as written and refused")
  func offsets() throws {
    var file = Data()
    let header = Data(#"{"layers.0.kernel":{"dtype":"F32","shape":[1],"data_offsets":[0,1e30]}}"#.utf8)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
    file.append(header)
    file.append(contentsOf: [0, 0, 128, 63])
    #expect(throws: NNError.modelFile(
      path: "w.safetensors",
      problem: "tensor 'layers.0.kernel' has data_offsets [0.0, 1e+30]; expected two whole numbers within the file's 4 data bytes; the file is truncated or corrupt.")) {
      try SafeTensors.decode(file, path: "w.safetensors")
    }
  }

  /// Applies `edit` to every JSON object under `value` that has the key `key`.
  static func editObjects(_ value: inout Any, having key: String, _ edit: (inout [String: Any]) -> Void) {
    if var object = value as? [String: Any] {
      if object[key] != nil { edit(&object) }
      for name in object.keys {
        var child = object[name]!
        editObjects(&child, having: key, edit)
        object[name] = child
      }
      value = object
    } else if var array = value as? [Any] {
      for index in array.indices { editObjects(&array[index], having: key, edit) }
      value = array
    }
  }

  @Test("an ARIMA state space whose arrays disagree in size is refused (a fuzzing finding: it forecast out of bounds)")
  func arimaStateSpace() throws {
    var model = AutoARIMA()
    try model.fit(try milk()[0..<96])
    for (key, damage) in [("state", [1.0]), ("covariance", [1.0, 2.0]), ("predictedCovariance", [])] as [(String, [Double])] {
      let directory = temporaryDirectory().appendingPathComponent("model")
      try model.save(to: directory)
      let url = directory.appendingPathComponent("model.json")
      var object: Any = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
      Self.editObjects(&object, having: "predictedCovariance") { $0[key] = damage }
      try JSONSerialization.data(withJSONObject: object).write(to: url)
      let (message, seconds) = Self.failure(directory)
      #expect(message.contains(key) && message.contains("values were expected") && seconds < 5, "\(key): \(message)")
    }
  }
}
