import Foundation

extension ARIMAStateSpace {
  /// The covariance of the stationary ARMA state, `r × r` with `r = max(p, q + 1)`, in units of
  /// the innovations' variance: the solution of `Q₀ = T Q₀ Tᵀ + R Rᵀ`, found as the regression
  /// of Gardner, Harvey & Phillips (1980, algorithm AS 154) with Givens rotations (statsforecast's
  /// `getQ0`, R's `getQ0`). Column-major; symmetric.
  static func stationaryCovariance(phi: [Double], theta: [Double]) -> [Double] {
    let p = phi.count, q = theta.count
    let r = max(p, q + 1)
    let np = r * (r + 1) / 2
    let nrbar = np * (np - 1) / 2
    var result = [Double](repeating: 0, count: r * r)
    func psi(_ i: Int) -> Double { i == 0 ? 1 : (i - 1 < q ? theta[i - 1] : 0) }

    var v = [Double](repeating: 0, count: np)
    var index = 0
    for j in 0..<r {
      for i in j..<r {
        v[index] = psi(i) * psi(j)
        index += 1
      }
    }
    if r == 1 {
      result[0] = p == 0 ? 1 : 1 / (1 - phi[0] * phi[0])
      return result
    }

    if p > 0 {
      var rbar = [Double](repeating: 0, count: nrbar)
      var thetab = [Double](repeating: 0, count: np)
      var xnext = [Double](repeating: 0, count: np)
      var xrow = [Double](repeating: 0, count: np)
      var ind = 0, ind1 = -1
      let npr = np - r, npr1 = npr + 1
      var indj = npr, ind2 = npr - 1
      result.withUnsafeMutableBufferPointer { d in
        rbar.withUnsafeMutableBufferPointer { rbar in
          thetab.withUnsafeMutableBufferPointer { thetab in
            xrow.withUnsafeMutableBufferPointer { xrow in
              for j in 0..<r {
                let phij = j < p ? phi[j] : 0
                var indi = npr1 + j
                xnext[indj] = 0
                indj += 1
                for i in j..<r {
                  let ynext = v[ind]
                  ind += 1
                  let phii = i < p ? phi[i] : 0
                  if j != r - 1 {
                    xnext[indj] = -phii
                    if i != r - 1 {
                      xnext[indi] -= phij
                      ind1 += 1
                      xnext[ind1] = -1
                    }
                  }
                  xnext[npr] = -phii * phij
                  ind2 += 1
                  if ind2 >= np { ind2 = 0 }
                  xnext[ind2] += 1
                  includeObservation(xnext, xrow: xrow, y: ynext, d: d, rbar: rbar, thetab: thetab)
                  xnext[ind2] = 0
                  if i != r - 1 {
                    xnext[indi] = 0
                    indi += 1
                    xnext[ind1] = 0
                  }
                }
              }
              backSubstitute(d: d, rbar: rbar, thetab: thetab)
            }
          }
        }
      }
      // Reorder the solution so that it unpacks as the upper triangle below.
      index = npr
      for i in 0..<r {
        xnext[i] = result[index]
        index += 1
      }
      index = np - 1
      ind1 = npr - 1
      for _ in 0..<npr {
        result[index] = result[ind1]
        index -= 1
        ind1 -= 1
      }
      for i in 0..<r { result[i] = xnext[i] }
    } else {
      // Pure MA: the covariances are sums of products of the ψ weights.
      var ind = np, indn = np
      for i in 0..<r {
        for j in 0..<(i + 1) {
          ind -= 1
          result[ind] = v[ind]
          if j != 0 {
            indn -= 1
            result[ind] += result[indn]
          }
        }
      }
    }

    // Unpack the packed upper triangle and mirror it.
    var ind = np
    for i in stride(from: r - 1, to: 0, by: -1) {
      for j in stride(from: r - 1, through: i, by: -1) {
        ind -= 1
        result[r * i + j] = result[ind]
      }
    }
    for i in 0..<(r - 1) {
      for j in (i + 1)..<r { result[i + r * j] = result[j + r * i] }
    }
    return result
  }

  /// Solves the triangular system of the Givens decomposition for the regression's
  /// coefficients, overwriting `d` (statsforecast's back-substitution after `inclu2`): row `i`
  /// is `thetab[i] − Σ rbar(i, k)·d[k]` over `k` from the last down to `i + 1`. Four rows are
  /// carried at once — each still subtracts its terms in that order, so the result is the same
  /// to the last bit — to keep four independent chains in flight.
  private static func backSubstitute(d: UnsafeMutableBufferPointer<Double>, rbar: UnsafeMutableBufferPointer<Double>,
                                     thetab: UnsafeMutableBufferPointer<Double>) {
    let np = thetab.count
    func rowStart(_ i: Int) -> Int { i &* (np &- 1) &- i &* (i &- 1) / 2 }
    var im = np - 1
    while im >= 3 {
      let rows = (rowStart(im) &- im &- 1, rowStart(im &- 1) &- im, rowStart(im &- 2) &- im &+ 1, rowStart(im &- 3) &- im &+ 2)
      var b0 = thetab[im], b1 = thetab[im &- 1], b2 = thetab[im &- 2], b3 = thetab[im &- 3]
      var k = np - 1
      while k > im {
        let dk = d[k]
        b0 -= rbar[rows.0 &+ k] * dk
        b1 -= rbar[rows.1 &+ k] * dk
        b2 -= rbar[rows.2 &+ k] * dk
        b3 -= rbar[rows.3 &+ k] * dk
        k &-= 1
      }
      d[im] = b0
      b1 -= rbar[rows.1 &+ im] * b0
      b2 -= rbar[rows.2 &+ im] * b0
      b3 -= rbar[rows.3 &+ im] * b0
      d[im &- 1] = b1
      b2 -= rbar[rows.2 &+ im &- 1] * b1
      b3 -= rbar[rows.3 &+ im &- 1] * b1
      d[im &- 2] = b2
      b3 -= rbar[rows.3 &+ im &- 2] * b2
      d[im &- 3] = b3
      im &-= 4
    }
    while im >= 0 {
      let row = rowStart(im) &- im &- 1
      var b = thetab[im]
      var k = np - 1
      while k > im {
        b -= rbar[row &+ k] * d[k]
        k &-= 1
      }
      d[im] = b
      im &-= 1
    }
  }

  /// Adds one observation `(xnext, y)` to the square-root-free Givens QR decomposition held in
  /// `d`, `rbar` and `thetab` (Gentleman 1974; statsforecast's `inclu2`). The row is mostly
  /// zeros, which rotate nothing, so runs of four zeros are skipped at once; row `i` of `rbar`
  /// starts at `i·(np − 1) − i(i − 1)/2`.
  private static func includeObservation(
    _ xnext: [Double], xrow: UnsafeMutableBufferPointer<Double>, y: Double,
    d: UnsafeMutableBufferPointer<Double>, rbar: UnsafeMutableBufferPointer<Double>,
    thetab: UnsafeMutableBufferPointer<Double>
  ) {
    let np = xnext.count
    for i in 0..<np { xrow[i] = xnext[i] }
    let magnitude: UInt64 = 0x7FFF_FFFF_FFFF_FFFF  // every bit but the sign: ±0 are zero
    var ynext = y
    var i = 0
    while i < np {
      while i &+ 4 <= np
        && (xrow[i].bitPattern | xrow[i &+ 1].bitPattern | xrow[i &+ 2].bitPattern | xrow[i &+ 3].bitPattern) & magnitude == 0 {
        i &+= 4
      }
      guard i < np else { break }
      let xi = xrow[i]
      if xi != 0 {
        let di = d[i]
        let dpi = di + xi * xi
        d[i] = dpi
        let cbar = dpi == 0 ? Double.infinity : di / dpi
        let sbar = dpi == 0 ? Double.infinity : xi / dpi
        var ithisr = i &* (np &- 1) &- i &* (i &- 1) / 2
        var k = i &+ 1
        while k < np {
          let xk = xrow[k]
          let rbthis = rbar[ithisr]
          xrow[k] = xk - xi * rbthis
          rbar[ithisr] = cbar * rbthis + sbar * xk
          ithisr &+= 1
          k &+= 1
        }
        let xk = ynext
        ynext = xk - xi * thetab[i]
        thetab[i] = cbar * thetab[i] + sbar * xk
        if di == 0 { return }
      }
      i &+= 1
    }
  }
}
