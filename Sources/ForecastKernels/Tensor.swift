/// A dense, row-major array of `Float` with a shape, stored copy-on-write.
///
/// The network's only data type: a batch of sequences is `[batch, time, features]`
/// (B, T, F), a batch of vectors `[batch, features]`, a weight matrix `[rows, columns]`.
public struct Tensor: Sendable, Equatable {
  /// The extent of each axis, outermost first.
  public private(set) var shape: [Int]
  /// The elements in row-major order; `scalars.count` is the product of `shape`.
  ///
  /// Read-only from outside, so the count cannot drift from the shape: write elements through
  /// the index subscripts or `withUnsafeMutableBufferPointer(_:)`.
  public private(set) var scalars: [Float]

  /// A tensor of the given shape holding `scalars` in row-major order.
  /// - Precondition: `scalars.count` equals the product of `shape`.
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative extent")
    precondition(
      scalars.count == shape.reduce(1, *),
      "Tensor of shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape filled with `value`.
  public init(repeating value: Float, shape: [Int]) {
    self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
  }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The number of elements.
  public var count: Int { scalars.count }

  /// The element at a multi-dimensional index.
  /// - Precondition: one index per axis, each within its extent.
  public subscript(_ index: Int...) -> Float {
    get { scalars[offset(of: index)] }
    set { scalars[offset(of: index)] = newValue }
  }

  /// The element at position `index` of the row-major order.
  /// - Precondition: `0 <= index < count`.
  public subscript(scalarAt index: Int) -> Float {
    get { scalars[index] }
    set { scalars[index] = newValue }
  }

  /// Calls `body` with the elements' storage, row-major, to read them without copying.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try scalars.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with the elements' storage, row-major, to write them in place. The buffer is
  /// passed by value, so its count — and the shape invariant — cannot change; it is valid only
  /// inside `body`.
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try scalars.withUnsafeMutableBufferPointer { buffer in try body(buffer) }
  }

  private func offset(of index: [Int]) -> Int {
    precondition(index.count == shape.count, "Index \(index) does not match shape \(shape)")
    var offset = 0
    for (axis, i) in index.enumerated() {
      precondition(i >= 0 && i < shape[axis], "Index \(index) is out of bounds for shape \(shape)")
      offset = offset * shape[axis] + i
    }
    return offset
  }
}

extension Tensor {
  /// The rows `range` of the outermost axis, as a tensor.
  public func slice(outer range: Range<Int>) -> Tensor {
    precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0])
    let inner = shape.dropFirst().reduce(1, *)
    return Tensor(
      shape: [range.count] + shape.dropFirst(),
      scalars: Array(scalars[range.lowerBound * inner..<range.upperBound * inner]))
  }

  /// The rows at `indices` of the outermost axis, in that order.
  /// - Precondition: each index is within the outermost axis.
  @inlinable
  public func gather(outer indices: some Collection<Int>) -> Tensor {
    precondition(rank >= 1)
    let (rows, inner) = (indices.count, shape.dropFirst().reduce(1, *))
    // Row by row into uninitialised storage, specialised where it is called (`@inlinable`):
    // `fit` gathers every batch, and for the small batches it trains (one window of 12 steps)
    // appending slices through a generic collection cost more than the copies.
    let out = scalars.withUnsafeBufferPointer { source in
      [Float](unsafeUninitializedCapacity: rows * inner) { buffer, initialized in
        var row = 0
        for i in indices {
          precondition(0..<shape[0] ~= i, "row \(i) of a tensor of shape \(shape)")
          if inner > 0 { (buffer.baseAddress! + row * inner).initialize(from: source.baseAddress! + i * inner, count: inner) }
          row += 1
        }
        initialized = rows * inner
      }
    }
    var gathered = shape
    gathered[0] = rows
    return Tensor(shape: gathered, scalars: out)
  }
}
