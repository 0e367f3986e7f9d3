import Foundation

/// Reads and writes the safetensors format (float32 tensors only): an 8-byte little-endian
/// header length, a JSON header `{name: {dtype, shape, data_offsets}}` padded with spaces to a
/// multiple of 8, then the raw little-endian bytes of each tensor, back to back.
///
/// Compatible with Python's `safetensors.numpy.save_file` / `load_file`.
public enum SafeTensors {
  /// One named tensor.
  public struct Entry: Sendable, Equatable {
    /// The tensor's name (`layers.0.kernel`).
    public var name: String
    /// Its shape.
    public var shape: [Int]
    /// Its elements in row-major order.
    public var scalars: [Float]

    /// A named tensor.
    public init(name: String, shape: [Int], scalars: [Float]) {
      self.name = name
      self.shape = shape
      self.scalars = scalars
    }
  }

  /// The file's bytes for `entries`, tensors stored in the given order.
  public static func encode(_ entries: [Entry]) -> Data {
    var header: [String: Any] = [:]
    var offset = 0
    for entry in entries {
      header[entry.name] = [
        "dtype": "F32", "shape": entry.shape, "data_offsets": [offset, offset + entry.scalars.count * 4],
      ] as [String: Any]
      offset += entry.scalars.count * 4
    }
    var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
    var data = Data()
    data.reserveCapacity(8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    for entry in entries {
      for value in entry.scalars {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
      }
    }
    return data
  }

  /// The largest JSON header read, as the safetensors specification bounds it (100 MB).
  public static let maximumHeaderBytes = 100_000_000

  /// The tensors in `data`, by name. `path` only names the file in errors.
  ///
  /// Every size in the header is checked against the file's actual length before anything is
  /// allocated: the header length, each shape's element count and each tensor's `data_offsets`
  /// (whole numbers inside the data section, matching the shape).
  /// - Throws: `NNError.modelFile` for a truncated or corrupt file, a dtype other than F32, or a
  ///   value that is NaN or infinite (weights of a training that diverged, or a damaged file).
  public static func decode(_ data: Data, path: String) throws(NNError) -> [String: Entry] {
    func fail(_ problem: String) -> NNError { .modelFile(path: path, problem: problem) }
    guard data.count >= 8 else {
      throw fail("the file is \(data.count) bytes, too short for a safetensors header; it is truncated or not a safetensors file.")
    }
    let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    guard headerLength <= UInt64(data.count - 8), headerLength <= UInt64(maximumHeaderBytes) else {
      throw fail("the header claims \(headerLength) bytes but the file has only \(data.count - 8) after the length; the file is truncated or corrupt.")
    }
    let headerEnd = data.startIndex + 8 + Int(headerLength)
    let headerData = data.subdata(in: data.startIndex + 8..<headerEnd)
    guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
      throw fail("the header is not a JSON object; the file is corrupt or not a safetensors file.")
    }
    let bufferLength = data.endIndex - headerEnd
    /// A JSON number that is a whole number from 0 to `limit`, else nil.
    func whole(_ value: Any, upTo limit: Int) -> Int? {
      guard let number = value as? NSNumber else { return nil }
      let double = number.doubleValue
      guard double >= 0, double <= Double(limit), double == double.rounded(), Int(double) == number.intValue else { return nil }
      return Int(double)
    }
    var entries: [String: Entry] = [:]
    for (name, value) in header where name != "__metadata__" {
      guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
            let shapeValues = info["shape"] as? [Any], let offsetValues = info["data_offsets"] as? [Any]
      else { throw fail("tensor '\(name.prefix(80))' has no valid dtype, shape and data_offsets in the header.") }
      guard dtype == "F32" else {
        throw fail("tensor '\(name.prefix(80))' is \(dtype.prefix(20)); only F32 (float32) tensors are supported. Save the weights as float32.")
      }
      // The element count, each extent and the product bounded by what the data section holds.
      let floats = bufferLength / 4
      var shape: [Int] = []
      var count = 1
      for extent in shapeValues {
        guard shape.count < 8, let extent = whole(extent, upTo: floats) else {
          throw fail("tensor '\(name.prefix(80))' has shape \(String(describing: shapeValues).prefix(80)), which is not a list of at most 8 whole numbers that the file's \(bufferLength) data bytes can hold.")
        }
        shape.append(extent)
        let (product, overflow) = count.multipliedReportingOverflow(by: extent)
        guard !overflow, product <= floats else {
          throw fail("tensor '\(name.prefix(80))' has shape \(shape), more values than the file's \(bufferLength) data bytes hold; the file is truncated or corrupt.")
        }
        count = product
      }
      let offsets = offsetValues.map { whole($0, upTo: bufferLength) }
      guard offsets.count == 2, let begin = offsets[0], let end = offsets[1] else {
        let shown = offsetValues.map { ($0 as? NSNumber).map { "\($0.doubleValue)" } ?? "\($0)".prefix(20) }
        throw fail("tensor '\(name.prefix(80))' has data_offsets [\(shown.prefix(4).joined(separator: ", "))]; expected two whole numbers within the file's \(bufferLength) data bytes; the file is truncated or corrupt.")
      }
      guard end >= begin, end - begin == count * 4 else {
        throw fail("tensor '\(name.prefix(80))' of shape \(shape) has data_offsets [\(begin), \(end)], which do not hold \(count) float32 values.")
      }
      var scalars = [Float](repeating: 0, count: count)
      scalars.withUnsafeMutableBytes { out in
        _ = data.copyBytes(to: out, from: headerEnd + begin..<headerEnd + end)
      }
      for index in scalars.indices {
        let value = Float(bitPattern: UInt32(littleEndian: scalars[index].bitPattern))
        guard value.isFinite else {
          throw fail("tensor '\(name.prefix(80))' holds \(value) at element \(index); the weights are damaged or come from a training that diverged. Train the model again.")
        }
        scalars[index] = value
      }
      entries[name] = Entry(name: name, shape: shape, scalars: scalars)
    }
    return entries
  }
}
