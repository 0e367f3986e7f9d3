import Foundation

extension ARIMAStateSpace {
  /// The `horizon` next values of the (regression-free) series and their variances in units of
  /// the innovations' variance, from the filtered state — statsforecast's `kalman_forecast`:
  /// `a ← T a`, `ŷ = Zᵀ a`, `P ← T P Tᵀ + V`, variance `Zᵀ P Z`. The products with the
  /// transition `T` use its few non-zero entries, so a step costs `O(rd²)`, not `O(rd³)`.
  ///
  /// statsforecast hands its C++ filter's column-major `P` to numpy as a row-major array, so it
  /// forecasts with `Pᵀ`; that is kept (`P` is symmetric up to rounding).
  func forecast(horizon: Int) -> (mean: [Double], variance: [Double]) {
    let rd = dimension
    var a = state
    var rows = covariance  // read row-major: statsforecast's Pᵀ
    var product = [Double](repeating: 0, count: rd * rd)
    var next = [Double](repeating: 0, count: rd)
    var loading = [Double](repeating: 0, count: rd)
    loading[0] = 1
    for i in 0..<theta.count { loading[1 + i] = theta[i] }
    let observed = [0] + delta.indices.filter { delta[$0] != 0 }.map { armaDimension + $0 }
    let weights = [1.0] + delta.filter { $0 != 0 }
    var mean = [Double](repeating: 0, count: horizon)
    var variance = [Double](repeating: 0, count: horizon)
    for step in 0..<horizon {
      applyTransition(a, stride: 1, into: &next, at: 0, outputStride: 1)
      a = next
      mean[step] = zip(observed, weights).reduce(0) { $0 + a[$1.0] * $1.1 }
      // product = T P, column by column; then P = (T productᵀ)ᵀ + V, row by row.
      for j in 0..<rd { applyTransition(rows, offset: j, stride: rd, into: &product, at: j, outputStride: rd) }
      for i in 0..<rd { applyTransition(product, offset: i * rd, stride: 1, into: &rows, at: i * rd, outputStride: 1) }
      for i in 0..<rd where loading[i] != 0 {
        for j in 0..<rd { rows[i * rd + j] += loading[i] * loading[j] }
      }
      var total = 0.0
      for (i, wi) in zip(observed, weights) {
        for (j, wj) in zip(observed, weights) { total += wi * wj * rows[i * rd + j] }
      }
      variance[step] = total
    }
    return (mean, variance)
  }

  /// `T v` for the vector `v` read from `source` at `offset + k·stride`, written to `output` at
  /// `at + i·outputStride`: `φᵢ v₀ + vᵢ₊₁` for the ARMA part, `v₀ + Σ δₖ v_{r+k}` for the first
  /// differencing component and a shift for the others.
  private func applyTransition(_ source: [Double], offset: Int = 0, stride: Int, into output: inout [Double], at: Int,
                               outputStride: Int) {
    let r = armaDimension, d = delta.count
    func v(_ k: Int) -> Double { source[offset + k * stride] }
    let v0 = v(0)
    for i in 0..<r {
      var value = i < r - 1 ? v(i + 1) : 0
      if i < phi.count { value += phi[i] * v0 }
      output[at + i * outputStride] = value
    }
    if d > 0 {
      var value = v0
      for k in 0..<d where delta[k] != 0 { value += delta[k] * v(r + k) }
      output[at + r * outputStride] = value
      for i in 1..<d { output[at + (r + i) * outputStride] = v(r + i - 1) }
    }
  }
}
