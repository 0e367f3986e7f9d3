import Foundation

extension ARIMAStateSpace {
  /// The `horizon` next values of the (regression-free) series and their variances in units of
  /// the innovations' variance, from the filtered state — statsforecast's `kalman_forecast`:
  /// `a ← T a`, `ŷ = Zᵀ a`, `P ← T P Tᵀ + V`, variance `Zᵀ P Z`.
  ///
  /// statsforecast hands its C++ filter's column-major `P` to numpy as a row-major array, so it
  /// forecasts with `Pᵀ`; that is kept (`P` is symmetric up to rounding).
  func forecast(horizon: Int) -> (mean: [Double], variance: [Double]) {
    let rd = dimension, r = armaDimension, d = delta.count, p = phi.count
    // Row-major T, Z and V, as make_arima builds them.
    var t = [Double](repeating: 0, count: rd * rd)
    for i in 0..<p { t[i * rd] = phi[i] }
    for i in 1..<max(r, 1) { t[(i - 1) * rd + i] = 1 }
    var z = [Double](repeating: 0, count: rd)
    z[0] = 1
    for i in 0..<d { z[r + i] = delta[i] }
    if d > 0 {
      for j in 0..<rd { t[r * rd + j] = z[j] }
      for i in 1..<d { t[(r + i) * rd + r + i - 1] = 1 }
    }
    var loading = [Double](repeating: 0, count: rd)
    loading[0] = 1
    for i in 0..<theta.count { loading[1 + i] = theta[i] }
    var a = state
    var covarianceRows = covariance  // read row-major: statsforecast's Pᵀ
    var product = [Double](repeating: 0, count: rd * rd)
    var mean = [Double](repeating: 0, count: horizon)
    var variance = [Double](repeating: 0, count: horizon)
    var next = [Double](repeating: 0, count: rd)
    for step in 0..<horizon {
      for i in 0..<rd {
        var sum = 0.0
        for k in 0..<rd { sum += t[i * rd + k] * a[k] }
        next[i] = sum
      }
      a = next
      var value = 0.0
      for i in 0..<rd { value += a[i] * z[i] }
      mean[step] = value
      // product = T P
      for i in 0..<rd {
        for j in 0..<rd {
          var sum = 0.0
          for k in 0..<rd { sum += t[i * rd + k] * covarianceRows[k * rd + j] }
          product[i * rd + j] = sum
        }
      }
      // P = V + product Tᵀ
      for i in 0..<rd {
        for j in 0..<rd {
          var sum = 0.0
          for k in 0..<rd { sum += product[i * rd + k] * t[j * rd + k] }
          covarianceRows[i * rd + j] = loading[i] * loading[j] + sum
        }
      }
      var total = 0.0
      for i in 0..<rd { for j in 0..<rd { total += z[i] * z[j] * covarianceRows[i * rd + j] } }
      variance[step] = total
    }
    return (mean, variance)
  }
}
