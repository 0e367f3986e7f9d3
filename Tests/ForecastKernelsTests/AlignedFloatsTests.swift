import ForecastKernels
import Testing

@Suite("Aligned buffers")
struct AlignedFloatsTests {
  /// Whether `pointer` sits on a `KernelAlignment` boundary.
  static func isAligned(_ pointer: UnsafeRawPointer?) -> Bool {
    guard let pointer else { return false }
    return Int(bitPattern: pointer) % KernelAlignment.bytes == 0
  }

  // Sizes from malloc's small bins to its mmap'd blocks (128 KiB and up by default).
  @Test("buffers start on a 64-byte boundary", arguments: [0, 1, 5, 16, 40_400, 100_000, 1_000_003])
  func aligned(count: Int) {
    var floats = AlignedFloats(repeating: 1, count: count)
    #expect(floats.count == count)
    floats.withUnsafeBufferPointer { #expect(Self.isAligned($0.baseAddress)) }
    floats.withUnsafeMutableBufferPointer { #expect(Self.isAligned($0.baseAddress)) }
    let raw = UnsafeMutableBufferPointer<Float>.allocateAligned(capacity: count)
    defer { raw.baseAddress!.deallocate() }
    #expect(Self.isAligned(raw.baseAddress) && raw.count == count)
  }

  @Test("copies share the floats until one of them writes, as an array's do")
  func copyOnWrite() {
    var a = AlignedFloats([1, 2, 3])
    let b = a
    a.withUnsafeMutableBufferPointer { $0[0] = 9 }
    #expect(a.array == [9, 2, 3])
    #expect(b.array == [1, 2, 3])
    a.withUnsafeBufferPointer { #expect(Self.isAligned($0.baseAddress)) }
    // A value no other shares is written in place.
    let before = a.withUnsafeBufferPointer { $0.baseAddress }
    a.withUnsafeMutableBufferPointer { $0[1] = 8 }
    #expect(a.withUnsafeBufferPointer { $0.baseAddress } == before && a.array == [9, 8, 3])
  }
}
