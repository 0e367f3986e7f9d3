import Foundation
import ForecastKernels
import Testing
@testable import ForecastNN

@Suite("Model directory and safetensors")
struct PersistenceTests {
  struct Metadata: Codable, Sendable, Equatable { var window: Int; var note: String }

  static func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func model() throws -> Sequential {
    try Sequential(inputShape: [5, 2], layers: [GRU(units: 3, returnSequences: true), LSTM(units: 2, activation: .relu), Dense(units: 1)], seed: 4)
  }

  @Test("save then load gives the same architecture, weights, predictions and metadata")
  func roundTrip() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = try Self.model()
    try model.save(to: directory, metadata: Metadata(window: 5, note: "x"))
    let (loaded, metadata) = try Sequential.load(from: directory, metadata: Metadata.self)
    #expect(metadata == Metadata(window: 5, note: "x"))
    #expect(loaded.parameters == model.parameters)
    #expect(loaded.layers.map(\.configuration) == model.layers.map(\.configuration))
    let x = Tensor(shape: [2, 5, 2], scalars: (0..<20).map { Float($0) / 10 })
    #expect(try loaded.predict(x) == model.predict(x))
    let json = try String(contentsOf: directory.appendingPathComponent("model.json"), encoding: .utf8)
    #expect(json.contains("\"format_version\" : 1") && json.contains("\"return_sequences\" : true"))
  }

  @Test("a file written by Python's safetensors reads back with its names, shapes and values")
  func pythonFile() throws {
    let url = Bundle.module.url(forResource: "python-lstm-tanh-single", withExtension: "safetensors", subdirectory: "Fixtures")!
    let entries = try SafeTensors.decode(Data(contentsOf: url), path: url.path)
    let expected = KerasFixtureTests.fixtureCase("lstm-tanh-single").weights
    #expect(Set(entries.keys) == Set(expected.map(\.name)))
    for tensor in expected {
      #expect(entries[tensor.name]?.shape == tensor.shape)
      #expect(entries[tensor.name]?.scalars == tensor.values)
    }
  }

  @Test("our encoding has an 8-aligned JSON header and little-endian float32 data")
  func encoding() throws {
    let data = SafeTensors.encode([SafeTensors.Entry(name: "a", shape: [2], scalars: [1, -2])])
    let headerLength = Int(data[0]) | Int(data[1]) << 8
    #expect((8 + headerLength) % 8 == 0)
    let header = String(decoding: data[8..<8 + headerLength], as: UTF8.self)
    #expect(header.trimmingCharacters(in: .whitespaces) == #"{"a":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#)
    #expect(Array(data.suffix(8)) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
  }

  @Test("truncated, corrupt and mismatched model files are errors that name the file and tensor")
  func badFiles() throws {
    let directory = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = try Self.model()
    try model.save(to: directory, metadata: Metadata(window: 5, note: ""))
    let weights = directory.appendingPathComponent("weights.safetensors")
    let manifest = directory.appendingPathComponent("model.json")
    let good = try Data(contentsOf: weights)

    func loadError() -> String {
      do {
        _ = try Sequential.load(from: directory, metadata: Metadata.self)
        return "no error"
      } catch { return error.description }
    }

    try good.prefix(good.count - 10).write(to: weights)
    #expect(loadError().contains("weights.safetensors") && loadError().contains("truncated"))

    try good.prefix(5).write(to: weights)
    #expect(loadError().contains("has 5 bytes, but the model needs at least") && loadError().contains("truncated"))

    var corrupt = good
    corrupt[10] = 0xFF
    try corrupt.write(to: weights)
    #expect(loadError().contains("not a JSON object"))

    // A weights file from another architecture: GRU(4) instead of GRU(3).
    let other = try Sequential(inputShape: [5, 2], layers: [GRU(units: 4, returnSequences: true), LSTM(units: 2), Dense(units: 1)])
    try SafeTensors.encode(other.namedWeights).write(to: weights)
    #expect(loadError().contains("tensor 'layers.0.kernel' has shape [2, 12], but model.json requires [2, 9]"))

    try good.write(to: weights)
    try Data("{ not json".utf8).write(to: manifest)
    #expect(loadError().contains("model.json") && loadError().contains("not a valid model description"))

    // A shape whose element count overflows is an error, not a trap.
    var huge = Data()
    let header = Data(#"{"layers.0.kernel":{"dtype":"F32","shape":[10000000000,10000000000],"data_offsets":[0,4]}}"#.utf8)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { huge.append(contentsOf: $0) }
    huge.append(header)
    huge.append(contentsOf: [0, 0, 0, 0])
    #expect(throws: NNError.self) { try SafeTensors.decode(huge, path: "huge.safetensors") }

    // A model description asking for an absurd layer is refused before anything is allocated.
    try model.save(to: directory, metadata: Metadata(window: 5, note: ""))
    let description = try String(contentsOf: manifest, encoding: .utf8)
    try description.replacingOccurrences(of: "\"units\" : 3,", with: "\"units\" : 3000000000,")
      .write(to: manifest, atomically: true, encoding: String.Encoding.utf8)
    #expect(loadError().contains("between 1 and 65536 units"))

    try FileManager.default.removeItem(at: manifest)
    #expect(loadError().contains("model.json: does not exist"))
  }
}
