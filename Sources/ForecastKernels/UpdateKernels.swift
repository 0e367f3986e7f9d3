import _CForecastKernels

/// The elementwise update kernels that optimisers run over the flat parameter buffer (package
/// API, for ForecastNN's optimisers).
package enum UpdateKernels {
  /// One Adam step in Keras' form, vectorised:
  /// `m += (g − m)·(1−β₁)`; `v += (g² − v)·(1−β₂)`; `p −= (m·α)/(√v + ε)`, each operation
  /// rounded as written (√ and the division correctly rounded): `referenceAdam`'s values bit for
  /// bit, on every processor, also when the buffers are pieces of larger ones.
  /// - Precondition: all four buffers have the same count.
  package static func adam(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>,
    m: UnsafeMutableBufferPointer<Float>, v: UnsafeMutableBufferPointer<Float>,
    alpha: Float, beta1: Float, beta2: Float, epsilon: Float
  ) {
    precondition(parameters.count == gradients.count && m.count == parameters.count && v.count == parameters.count,
                 "Adam needs parameters, gradients and moments of one size")
    guard let p = parameters.baseAddress, let g = gradients.baseAddress, let m = m.baseAddress, let v = v.baseAddress
    else { return }
    // Memory-bound: each core streams half of the four buffers.
    Parallel.halves(parameters.count, parallel: parameters.count >= 1 << 14, alignment: 16) { range in
      let i = range.lowerBound
      fk_adam(range.count, p + i, g + i, m + i, v + i, alpha, 1 - beta1, 1 - beta2, epsilon)
    }
  }

  /// The plain twin of `adam`, the oracle for tests.
  package static func referenceAdam(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>,
    m: UnsafeMutableBufferPointer<Float>, v: UnsafeMutableBufferPointer<Float>,
    alpha: Float, beta1: Float, beta2: Float, epsilon: Float
  ) {
    let (b1, b2) = (1 - beta1, 1 - beta2)
    for i in 0..<parameters.count {
      let g = gradients[i]
      m[i] += (g - m[i]) * b1
      v[i] += (g * g - v[i]) * b2
      parameters[i] -= (m[i] * alpha) / (v[i].squareRoot() + epsilon)
    }
  }
}
