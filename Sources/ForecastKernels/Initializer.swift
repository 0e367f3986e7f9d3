import Foundation

/// A weight initialiser, named and defined as in Keras.
public enum Initializer: String, Sendable, Codable {
  /// All zeros (Keras' default bias).
  case zeros
  /// All ones.
  case ones
  /// Uniform in ±√(6 / (fanIn + fanOut)) (Glorot & Bengio, 2010): Keras' default kernel.
  case glorotUniform = "glorot_uniform"
  /// A (semi-)orthogonal matrix from the QR decomposition of a Gaussian one, signs fixed by
  /// R's diagonal (Saxe et al., 2014): Keras' default recurrent kernel.
  case orthogonal
  /// Keras' LSTM bias with `unit_forget_bias`: zeros, but ones for the forget gate (the second
  /// quarter of `[4U]`), so that the cell remembers at the start of training
  /// (Jozefowicz et al., 2015).
  case unitForgetBias = "unit_forget_bias"

  /// Values for a tensor of `shape`, drawn from `generator`.
  ///
  /// Fans follow Keras: for a matrix `[rows, columns]`, fanIn = rows and fanOut = columns.
  public func values(shape: [Int], using generator: inout SeededGenerator) -> [Float] {
    let count = shape.reduce(1, *)
    switch self {
    case .zeros:
      return [Float](repeating: 0, count: count)
    case .ones:
      return [Float](repeating: 1, count: count)
    case .glorotUniform:
      let fanIn = shape.count >= 2 ? shape[shape.count - 2] : count
      let fanOut = shape.last ?? 1
      let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
      return (0..<count).map { _ in Float((2 * generator.nextUnit() - 1) * limit) }
    case .unitForgetBias:
      let units = count / 4
      return (0..<count).map { $0 >= units && $0 < 2 * units ? 1 : 0 }
    case .orthogonal:
      precondition(shape.count == 2, "orthogonal needs a matrix shape, got \(shape)")
      return Self.orthogonal(rows: shape[0], columns: shape[1], using: &generator)
    }
  }

  /// Keras' recipe: a Gaussian matrix shaped tall (rows ≥ columns), its Q factor with
  /// columns multiplied by sign(diag R), transposed back when the request was wide.
  private static func orthogonal(
    rows: Int, columns: Int, using generator: inout SeededGenerator
  ) -> [Float] {
    let (tall, narrow) = (max(rows, columns), min(rows, columns))
    // Column-major tall × narrow Gaussian matrix; modified Gram–Schmidt gives Q with R's
    // diagonal positive, which is exactly QR followed by the sign correction.
    var q = (0..<tall * narrow).map { _ in generator.nextNormal() }
    for j in 0..<narrow {
      for i in 0..<j {
        var dot = 0.0
        for r in 0..<tall { dot += q[i * tall + r] * q[j * tall + r] }
        for r in 0..<tall { q[j * tall + r] -= dot * q[i * tall + r] }
      }
      var norm = 0.0
      for r in 0..<tall { norm += q[j * tall + r] * q[j * tall + r] }
      norm = norm.squareRoot()
      for r in 0..<tall { q[j * tall + r] /= norm }
    }
    var out = [Float](repeating: 0, count: rows * columns)
    for r in 0..<rows {
      for c in 0..<columns {
        // Tall request: element (r, c) is Q[r, c]; wide request: Qᵀ, so Q[c, r].
        out[r * columns + c] = Float(rows >= columns ? q[c * tall + r] : q[r * tall + c])
      }
    }
    return out
  }
}
