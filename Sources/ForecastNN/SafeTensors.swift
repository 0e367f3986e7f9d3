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

  /// The tensors in `data`, by name. `path` only names the file in errors.
  /// - Throws: `NNError.modelFile` for a truncated or corrupt file or a dtype other than F32.
  public static func decode(_ data: Data, path: String) throws(NNError) -> [String: Entry] {
    func fail(_ problem: String) -> NNError { .modelFile(path: path, problem: problem) }
    guard data.count >= 8 else {
      throw fail("the file is \(data.count) bytes, too short for a safetensors header; it is truncated or not a safetensors file.")
    }
    let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    guard headerLength <= UInt64(data.count - 8) else {
      throw fail("the header claims \(headerLength) bytes but the file has only \(data.count - 8) after the length; the file is truncated or corrupt.")
    }
    let headerEnd = 8 + Int(headerLength)
    let headerData = data.subdata(in: 8..<headerEnd)
    guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
      throw fail("the header is not a JSON object; the file is corrupt or not a safetensors file.")
    }
    let bufferLength = data.count - headerEnd
    var entries: [String: Entry] = [:]
    for (name, value) in header where name != "__metadata__" {
      guard let info = value as? [String: Any],
            let dtype = info["dtype"] as? String,
            let shape = (info["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
            let offsets = (info["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
            offsets.count == 2
      else { throw fail("tensor '\(name)' has no valid dtype, shape and data_offsets in the header.") }
      guard dtype == "F32" else {
        throw fail("tensor '\(name)' is \(dtype); only F32 (float32) tensors are supported. Save the weights as float32.")
      }
      // The element count, refusing shapes whose product overflows.
      var count = 1
      for extent in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: max(extent, 0))
        guard !overflow, product <= Int.max / 4 else { throw fail("tensor '\(name)' has shape \(shape), too large to hold.") }
        count = product
      }
      guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[1] >= offsets[0],
            offsets[1] - offsets[0] == count * 4
      else { throw fail("tensor '\(name)' of shape \(shape) has data_offsets \(offsets), which do not hold \(count) float32 values.") }
      guard offsets[1] <= bufferLength else {
        throw fail("tensor '\(name)' ends at byte \(offsets[1]) but the data section has \(bufferLength) bytes; the file is truncated.")
      }
      var scalars = [Float](repeating: 0, count: count)
      scalars.withUnsafeMutableBytes { out in
        _ = data.copyBytes(to: out, from: headerEnd + offsets[0]..<headerEnd + offsets[1])
      }
      scalars = scalars.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
      entries[name] = Entry(name: name, shape: shape, scalars: scalars)
    }
    return entries
  }
}
