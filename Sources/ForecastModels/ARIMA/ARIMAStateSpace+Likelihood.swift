import Foundation

extension ARIMAStateSpace {
  /// What one pass of the Kalman filter gives for the likelihood.
  struct FilterResult {
    /// The sum of squared standardised innovations, `Σ v²/F`.
    var sumOfSquares: Double
    /// The sum of the innovations' log variances, `Σ log F`.
    var sumOfLogs: Double
    /// The number of innovations counted (those whose variance `F` is below 10⁴, so the
    /// diffuse start is left out).
    var count: Int
  }

  /// Runs the Kalman filter over `y`, from the current state and predicted covariance, leaving
  /// the filtered state and covariance of the last observation in `state` and `covariance` —
  /// statsforecast's `arima_like` (R's `ARIMA_Like`), with `up = 0`. A NaN observation is
  /// skipped (predicted through). When `residuals` is given, it receives the standardised
  /// innovations `v/√F`, NaN for skipped observations.
  mutating func filter(_ y: UnsafeBufferPointer<Double>, residuals: UnsafeMutableBufferPointer<Double>? = nil) -> FilterResult {
    let n = y.count, d = delta.count, rd = dimension
    precondition(residuals == nil || residuals!.count == n, "One residual per observation")
    var result = FilterResult(sumOfSquares: 0, sumOfLogs: 0, count: 0)
    var scratch = [Double](repeating: 0, count: 5 * rd)
    // Terms with a zero coefficient add nothing (0·x + t = t for finite x), so they are skipped.
    let arTerms = phi.indices.filter { phi[$0] != 0 }
    let differenceTerms = delta.indices.filter { delta[$0] != 0 }
    let maTerms = [0] + theta.indices.filter { theta[$0] != 0 }.map { $0 + 1 }
    phi.withUnsafeBufferPointer { phi in
    theta.withUnsafeBufferPointer { theta in
    delta.withUnsafeBufferPointer { delta in
    state.withUnsafeMutableBufferPointer { a in
    covariance.withUnsafeMutableBufferPointer { P in
    predictedCovariance.withUnsafeMutableBufferPointer { Pnew in
    scratch.withUnsafeMutableBufferPointer { scratch in
    arTerms.withUnsafeBufferPointer { arTerms in
    differenceTerms.withUnsafeBufferPointer { differenceTerms in
    maTerms.withUnsafeBufferPointer { maTerms in
      let pointers = FilterPointers(
        phi: phi.baseAddress, theta: theta.baseAddress, delta: delta.baseAddress, a: a.baseAddress!, P: P.baseAddress!,
        Pnew: Pnew.baseAddress!, anew: scratch.baseAddress!, M: scratch.baseAddress! + rd,
        quotients: scratch.baseAddress! + 2 * rd, mmEnds: scratch.baseAddress! + 3 * rd,
        arTerms: arTerms, differenceTerms: differenceTerms, maTerms: maTerms,
        p: phi.count, q: theta.count, d: d, rd: rd, r: rd - d)
      for l in 0..<n {
        pointers.predictState()
        if l > 0 {
          if d == 0 { pointers.predictStationaryCovariance() } else { pointers.predictCovariance() }
        }
        if !y[l].isNaN {
          pointers.update(y[l], residual: residuals.map { $0.baseAddress! + l }, into: &result)
        } else {
          pointers.a.update(from: pointers.anew, count: rd)
          pointers.P.update(from: pointers.Pnew, count: rd * rd)
          if let residuals { residuals[l] = .nan }
        }
      }
    }}}}}}}}}}
    return result
  }
}

/// The filter's arrays as raw pointers, and its steps. Every element is computed with the same
/// operations in the same order as statsforecast's `arima_like`, so the likelihood is the same
/// to the last bit; only the loops run down the columns of the column-major matrices, terms
/// with a zero coefficient (most of a seasonal model's) are skipped, and the two halves of the
/// symmetric update `M Mᵀ / gain` share their quotients.
private struct FilterPointers {
  let phi: UnsafePointer<Double>?, theta: UnsafePointer<Double>?, delta: UnsafePointer<Double>?
  let a: UnsafeMutablePointer<Double>, P: UnsafeMutablePointer<Double>, Pnew: UnsafeMutablePointer<Double>
  let anew: UnsafeMutablePointer<Double>, M: UnsafeMutablePointer<Double>, quotients: UnsafeMutablePointer<Double>
  /// The first and last columns of `mm = T P` (the others are written straight into `Pnew`).
  let mmEnds: UnsafeMutablePointer<Double>
  /// The indices of the non-zero AR and differencing coefficients, and those of the non-zero
  /// MA weights `ψ = (1, θ₁, …, θ_q)`.
  let arTerms: UnsafeBufferPointer<Int>, differenceTerms: UnsafeBufferPointer<Int>, maTerms: UnsafeBufferPointer<Int>
  let p: Int, q: Int, d: Int, rd: Int, r: Int

  /// `anew = T a`.
  func predictState() {
    for i in 0..<r {
      var tmp = i < r - 1 ? a[i + 1] : 0
      if i < p { tmp += phi![i] * a[0] }
      anew[i] = tmp
    }
    if d > 0 {
      for i in (r + 1)..<rd { anew[i] = a[i - 1] }
      var tmp = a[0]
      for i in differenceTerms { tmp += delta![i] * a[r + i] }
      anew[r] = tmp
    }
  }

  /// `Pnew = T P Tᵀ + V` for a model without differences.
  func predictStationaryCovariance() {
    let p0 = P[0]
    for j in 0..<r {
      let column = Pnew + r &* j
      for i in 0..<r {
        let vi = i == 0 ? 1.0 : (i - 1 < q ? theta![i - 1] : 0)
        var tmp = 0.0
        if j == 0 { tmp = vi } else if j - 1 < q { tmp = vi * theta![j - 1] }
        if i < p && j < p { tmp += phi![i] * phi![j] * p0 }
        if i < r - 1 && j < r - 1 { tmp += P[i &+ 1 &+ r &* (j &+ 1)] }
        if i < p && j < r - 1 { tmp += phi![i] * P[j + 1] }
        if j < p && i < r - 1 { tmp += phi![j] * P[i + 1] }
        column[i] = tmp
      }
    }
  }

  /// `Pnew = T P Tᵀ + V` for a model with differences. Each column `j` of `mm = T P` is written
  /// where `Pnew` needs it — column `j − 1` for `1 ≤ j < r`, column `j + 1` for `r ≤ j < rd − 1`
  /// — and the first and last in scratch, so that nothing is copied twice.
  func predictCovariance() {
    let first = mmEnds, last = mmEnds + rd
    for j in 0..<rd {
      let source = P + rd &* j
      let target = j == 0 ? first : (j < r ? Pnew + rd &* (j - 1) : (j < rd - 1 ? Pnew + rd &* (j + 1) : last))
      let p0 = source[0]
      target.update(from: source + 1, count: r - 1)
      target[r - 1] = 0
      for i in arTerms { target[i] = i < r - 1 ? phi![i] * p0 + source[i &+ 1] : phi![i] * p0 }
      var tmp = p0
      for k in differenceTerms { tmp += delta![k] * source[r &+ k] }
      target[r] = tmp
      if d > 1 { (target + (r &+ 1)).update(from: source + r, count: d - 1) }
    }
    // Columns i < r: φᵢ·mm₀ + mmᵢ₊₁, the second already in place.
    (Pnew + rd &* (r - 1)).update(repeating: 0, count: rd)
    for i in arTerms {
      let target = Pnew + rd &* i, phii = phi![i]
      if i < r - 1 {
        for j in 0..<rd { target[j] = phii * first[j] + target[j] }
      } else {
        for j in 0..<rd { target[j] = phii * first[j] }
      }
    }
    // Column r: mm₀ + Σ δₖ·mm_{r+k}.
    let target = Pnew + rd &* r
    target.update(from: first, count: rd)
    for k in differenceTerms {
      let column = k < d - 1 ? Pnew + rd &* (r &+ k &+ 1) : last, deltak = delta![k]
      for j in 0..<rd { target[j] += deltak * column[j] }
    }
    // V = ψ ψᵀ, its zero entries left out.
    for j in maTerms {
      let column = Pnew + rd &* j
      for i in maTerms {
        let vi = i == 0 ? 1.0 : theta![i - 1]
        if j == 0 { column[i] += vi } else { column[i] += vi * theta![j - 1] }
      }
    }
  }

  /// The update with observation `y`: the innovation, its variance `gain`, the state and
  /// covariance corrected, the likelihood's sums.
  func update(_ y: Double, residual: UnsafeMutablePointer<Double>?, into result: inout ARIMAStateSpace.FilterResult) {
    var resid = y - anew[0]
    for i in differenceTerms { resid -= delta![i] * anew[r + i] }
    M.update(from: Pnew, count: rd)
    for j in differenceTerms {
      let column = Pnew + (r &+ j) &* rd, deltaj = delta![j]
      for i in 0..<rd { M[i] += column[i] * deltaj }
    }
    var gain = M[0]
    for j in differenceTerms { gain += delta![j] * M[r + j] }
    if gain < 1e4 {
      result.count += 1
      if gain == 0 { result.sumOfSquares = .infinity } else { result.sumOfSquares += resid * resid / gain }
      result.sumOfLogs += log(gain)
    }
    if let residual { residual.pointee = gain == 0 ? .infinity : resid / gain.squareRoot() }
    if gain == 0 {
      for i in 0..<rd { a[i] = .infinity }
      for i in 0..<(rd * rd) { Pnew[i] = .infinity }
      return
    }
    for i in 0..<rd { a[i] = anew[i] + M[i] * resid / gain }
    // P = Pnew − M Mᵀ / gain; (M[i]·M[j]) / gain is the same number both ways, so each is
    // computed once.
    for j in 0..<rd {
      let mj = M[j]
      for i in 0...j { quotients[i] = M[i] * mj / gain }
      let column = P + rd &* j, source = Pnew + rd &* j
      for i in 0...j { column[i] = source[i] - quotients[i] }
      for i in 0..<j { P[j &+ rd &* i] = Pnew[j &+ rd &* i] - quotients[i] }
    }
  }
}
