/// Where the buffers the kernels stream start: on a 64-byte boundary, a cache line and the width
/// of an AVX-512 vector. A vector load from a buffer that starts elsewhere straddles two cache
/// lines, and malloc (so `Array` and `allocate(capacity:)`) only promises 16 bytes — a large
/// block comes from mmap at a page plus 16 bytes, an array's elements 32 bytes further on. The
/// reference network's training step alone (`scripts/lstm-step-bench.c`, B 1, U 100, T 12, one
/// thread, fastest of 3,000) took 91–93 µs with its buffers 16, 32 or 48 bytes off a line against
/// 63 µs on one; the large network's (B 64, U 256, T 48, two threads) 24.5 ms against 21.3–21.6.
package enum KernelAlignment {
  /// The alignment in bytes.
  package static let bytes = 64
}

extension UnsafeMutableBufferPointer where Element == Float {
  /// `count` uninitialised floats (room for at least one) starting on a `KernelAlignment`
  /// boundary; `deallocate()` frees them, as it frees any allocation of Swift's.
  package static func allocateAligned(capacity count: Int) -> UnsafeMutableBufferPointer<Float> {
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: Swift.max(count, 1) * MemoryLayout<Float>.stride, alignment: KernelAlignment.bytes)
    return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Float.self, capacity: Swift.max(count, 1)), count: count)
  }
}

/// A flat buffer of floats starting on a `KernelAlignment` boundary, with `Array`'s value
/// semantics: copies share the buffer until one of them writes (copy on write). What a model's
/// parameters, an optimiser's moments, training's gradients and packed scratch live in.
package struct AlignedFloats: @unchecked Sendable {
  // Sendable as Array is: the buffer is written only through a uniquely referenced storage.
  // Usable from inline code, so that `withUnsafeBufferPointer` and
  // `withUnsafeMutableBufferPointer` are specialised where they are called (a training step calls
  // them for every buffer it touches).
  @usableFromInline final class Storage {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<Float>

    init(count: Int) { buffer = .allocateAligned(capacity: count) }

    deinit { buffer.baseAddress!.deallocate() }
  }

  @usableFromInline var storage: Storage

  /// `count` copies of `value`.
  package init(repeating value: Float, count: Int) {
    storage = Storage(count: count)
    storage.buffer.initialize(repeating: value)
  }

  /// The floats of `values`, in order.
  package init(_ values: some Collection<Float>) {
    storage = Storage(count: values.count)
    _ = storage.buffer.initialize(from: values)
  }

  /// No floats.
  package init() { self.init(repeating: 0, count: 0) }

  /// The number of floats.
  package var count: Int { storage.buffer.count }

  /// The floats as an array (a copy).
  package var array: [Float] { Array(storage.buffer) }

  /// Calls `body` with the floats, read-only.
  @inlinable
  package func withUnsafeBufferPointer<Result, Failure: Error>(
    _ body: (UnsafeBufferPointer<Float>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    try body(UnsafeBufferPointer(storage.buffer))
  }

  /// Calls `body` with the floats to read and write, first copying them if another value shares
  /// them.
  @inlinable
  package mutating func withUnsafeMutableBufferPointer<Result, Failure: Error>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    if !isKnownUniquelyReferenced(&storage) { self = AlignedFloats(storage.buffer) }
    return try body(storage.buffer)
  }
}
