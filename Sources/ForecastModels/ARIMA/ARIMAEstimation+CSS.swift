import Foundation

extension ARIMAEstimation {
  /// The conditional sum of squares of the model `(phi, theta)` on `y`, divided by the number of
  /// residuals: `y` is differenced `d` times and seasonally `D` times, and the ARMA residuals
  /// from observation `p + d + m·(P + D)` on, with earlier residuals taken as zero, are summed
  /// squared (statsforecast's `arima_css`, R's `ARIMA_CSS`). When `residuals` is given
  /// (`y.count` long) it receives them, zero for the conditioning observations.
  static func conditionalSumOfSquares(_ y: [Double], _ spec: ARIMASpecification, phi: [Double], theta: [Double],
                                      residuals: UnsafeMutableBufferPointer<Double>? = nil) -> Double {
    let n = y.count, p = phi.count, q = theta.count, ns = spec.period
    let ncond = spec.conditioningCount
    precondition(ncond <= n, "The series is shorter than the observations conditioned on")
    var w = y
    var resid = [Double](repeating: 0, count: n)
    var ssq = 0.0, nu = 0
    w.withUnsafeMutableBufferPointer { w in
      resid.withUnsafeMutableBufferPointer { resid in
        for _ in 0..<spec.order.d {
          var l = n - 1
          while l > 0 { w[l] -= w[l - 1]; l -= 1 }
        }
        for _ in 0..<spec.seasonal.d {
          var l = n - 1
          while l >= ns { w[l] -= w[l - ns]; l -= 1 }
        }
        for l in ncond..<max(n, ncond) {
          var tmp = w[l]
          for j in 0..<p { tmp -= phi[j] * w[l - j - 1] }
          for j in 0..<min(l - ncond, q) { tmp -= theta[j] * resid[l - j - 1] }
          resid[l] = tmp
          if !tmp.isNaN {
            nu += 1
            ssq += tmp * tmp
          }
        }
      }
    }
    if let residuals { for i in 0..<n { residuals[i] = resid[i] } }
    return ssq / Double(nu)
  }
}
