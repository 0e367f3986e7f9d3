import Foundation

extension BFGS {
  /// A step accepted by the line search.
  struct Step {
    /// The step length along the search direction.
    var alpha: Double
    /// The function at the new point.
    var value: Double
    /// The function at the point the search started from.
    var previousValue: Double
    /// The gradient at the new point, when the search computed it.
    var gradient: [Double]?
  }

  /// The line searches of scipy's BFGS (`_line_search_wolfe12`, `scipy/optimize/_linesearch.py`):
  /// MINPACK's `DCSRCH` first, then `scalar_search_wolfe2` if it fails, both for the strong
  /// Wolfe conditions with `c1 = 10⁻⁴`, `c2 = 0.9`.
  enum LineSearch {
    static let c1 = 1e-4
    static let c2 = 0.9

    /// A step along `direction` from `x` (where the function is `value` and its gradient
    /// `gradient`; `previousValue` is the function at the previous iterate, which sets the
    /// first trial step), or nil when neither search finds one.
    static func search(_ objective: inout Objective, at x: [Double], direction: [Double], gradient: [Double],
                       value: Double, previousValue: Double) -> Step? {
      var derphi0 = 0.0
      for i in x.indices { derphi0 += gradient[i] * direction[i] }
      var lastGradient = gradient
      func point(_ alpha: Double) -> [Double] { (0..<x.count).map { x[$0] + alpha * direction[$0] } }
      func phi(_ alpha: Double) -> Double { objective.value(at: point(alpha)) }
      func derphi(_ alpha: Double) -> Double {
        lastGradient = objective.gradient(at: point(alpha))
        var sum = 0.0
        for i in x.indices { sum += lastGradient[i] * direction[i] }
        return sum
      }
      var alpha1 = 1.0
      if derphi0 != 0 {
        alpha1 = pythonMin(1.0, 1.01 * 2 * (value - previousValue) / derphi0)
        if alpha1 < 0 { alpha1 = 1 }
      }
      // scipy's line_search_wolfe1: DCSRCH with amin = 1e-100, amax = 1e100, xtol = 1e-14.
      var minpack = MinpackSearch(ftol: c1, gtol: c2, xtol: 1e-14, stpmin: 1e-100, stpmax: 1e100)
      if let (stp, phi1) = minpack.run(alpha1, phi0: value, derphi0: derphi0, phi: phi, derphi: derphi) {
        return Step(alpha: stp, value: phi1, previousValue: value, gradient: lastGradient)
      }
      // scipy's line_search_wolfe2.
      guard let found = wolfe(phi: phi, derphi: derphi, phi0: value, oldPhi0: previousValue, derphi0: derphi0,
                              amax: 1e100) else { return nil }
      return Step(alpha: found.alpha, value: found.value, previousValue: value,
                  gradient: found.converged ? lastGradient : nil)
    }

    /// scipy's `scalar_search_wolfe2` (Nocedal & Wright, algorithm 3.5): the step, the function
    /// there, and whether it met the strong Wolfe conditions (scipy still returns its last trial
    /// when ten iterations do not find one); nil when it cannot go on.
    static func wolfe(phi: (Double) -> Double, derphi: (Double) -> Double, phi0: Double, oldPhi0: Double,
                      derphi0: Double, amax: Double) -> (alpha: Double, value: Double, converged: Bool)? {
      var alpha0 = 0.0
      var alpha1 = derphi0 != 0 ? pythonMin(1.0, 1.01 * 2 * (phi0 - oldPhi0) / derphi0) : 1.0
      if alpha1 < 0 { alpha1 = 1 }
      alpha1 = pythonMin(alpha1, amax)
      var phiA1 = phi(alpha1)
      var phiA0 = phi0
      var derphiA0 = derphi0
      for i in 0..<10 {
        if alpha1 == 0 || alpha0 > amax { return nil }
        if phiA1 > phi0 + c1 * alpha1 * derphi0 || (phiA1 >= phiA0 && i > 0) {
          guard let found = zoom(alphaLow: alpha0, alphaHigh: alpha1, phiLow: phiA0, phiHigh: phiA1, derphiLow: derphiA0,
                                 phi: phi, derphi: derphi, phi0: phi0, derphi0: derphi0) else { return nil }
          return (found.alpha, found.value, true)
        }
        let derphiA1 = derphi(alpha1)
        if abs(derphiA1) <= -c2 * derphi0 { return (alpha1, phiA1, true) }
        if derphiA1 >= 0 {
          guard let found = zoom(alphaLow: alpha1, alphaHigh: alpha0, phiLow: phiA1, phiHigh: phiA0, derphiLow: derphiA1,
                                 phi: phi, derphi: derphi, phi0: phi0, derphi0: derphi0) else { return nil }
          return (found.alpha, found.value, true)
        }
        let alpha2 = pythonMin(2 * alpha1, amax)
        alpha0 = alpha1
        alpha1 = alpha2
        phiA0 = phiA1
        phiA1 = phi(alpha1)
        derphiA0 = derphiA1
      }
      return (alpha1, phiA1, false)
    }

    /// scipy's `_zoom` (Nocedal & Wright, algorithm 3.6): cubic, then quadratic, then bisection
    /// trial steps inside the bracket, at most eleven.
    private static func zoom(alphaLow: Double, alphaHigh: Double, phiLow: Double, phiHigh: Double, derphiLow: Double,
                             phi: (Double) -> Double, derphi: (Double) -> Double,
                             phi0: Double, derphi0: Double) -> (alpha: Double, value: Double)? {
      var aLo = alphaLow, aHi = alphaHigh, phiLo = phiLow, phiHi = phiHigh, derphiLo = derphiLow
      let delta1 = 0.2, delta2 = 0.1
      var phiRec = phi0, aRec = 0.0
      var i = 0
      while true {
        let dalpha = aHi - aLo
        let (a, b) = dalpha < 0 ? (aHi, aLo) : (aLo, aHi)
        var aj: Double?
        var cubicRejected = true
        if i > 0 {
          let cchk = delta1 * dalpha
          aj = cubicMinimizer(aLo, phiLo, derphiLo, aHi, phiHi, aRec, phiRec)
          if let value = aj { cubicRejected = value > b - cchk || value < a + cchk }
        }
        if i == 0 || cubicRejected {
          let qchk = delta2 * dalpha
          aj = quadraticMinimizer(aLo, phiLo, derphiLo, aHi, phiHi)
          if let value = aj, !(value > b - qchk || value < a + qchk) {} else { aj = aLo + 0.5 * dalpha }
        }
        let alphaJ = aj!
        let phiJ = phi(alphaJ)
        if phiJ > phi0 + c1 * alphaJ * derphi0 || phiJ >= phiLo {
          phiRec = phiHi
          aRec = aHi
          aHi = alphaJ
          phiHi = phiJ
        } else {
          let derphiJ = derphi(alphaJ)
          if abs(derphiJ) <= -c2 * derphi0 { return (alphaJ, phiJ) }
          if derphiJ * (aHi - aLo) >= 0 {
            phiRec = phiHi
            aRec = aHi
            aHi = aLo
            phiHi = phiLo
          } else {
            phiRec = phiLo
            aRec = aLo
          }
          aLo = alphaJ
          phiLo = phiJ
          derphiLo = derphiJ
        }
        i += 1
        if i > 10 { return nil }
      }
    }

    /// The minimiser of the cubic through `(a, fa)`, `(b, fb)`, `(c, fc)` with slope `fpa` at `a`,
    /// or nil where scipy's `_cubicmin` meets a floating-point exception (it computes under
    /// `np.errstate(divide=, over=, invalid="raise")`) or a non-finite result.
    private static func cubicMinimizer(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double,
                                       _ c: Double, _ fc: Double) -> Double? {
      var x = CheckedArithmetic()
      let db = x.subtract(b, a), dc = x.subtract(c, a)
      let dbdc = x.multiply(db, dc)
      let denom = x.multiply(x.multiply(dbdc, dbdc), x.subtract(db, dc))
      let dc2 = x.multiply(dc, dc), db2 = x.multiply(db, db)
      let dc3 = x.multiply(dc2, dc), db3 = x.multiply(db2, db)
      let u = x.subtract(x.subtract(fb, fa), x.multiply(fpa, db))
      let v = x.subtract(x.subtract(fc, fa), x.multiply(fpa, dc))
      let bigA = x.divide(x.add(x.multiply(dc2, u), x.multiply(-db2, v)), denom)
      let bigB = x.divide(x.add(x.multiply(-dc3, u), x.multiply(db3, v)), denom)
      let radical = x.subtract(x.multiply(bigB, bigB), x.multiply(x.multiply(3, bigA), fpa))
      let root = x.squareRoot(radical)
      let xmin = x.add(a, x.divide(x.add(-bigB, root), x.multiply(3, bigA)))
      return x.failed || !xmin.isFinite ? nil : xmin
    }

    /// The minimiser of the quadratic through `(a, fa)`, `(b, fb)` with slope `fpa` at `a`, or
    /// nil where scipy's `_quadmin` meets a floating-point exception or a non-finite result.
    private static func quadraticMinimizer(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double) -> Double? {
      var x = CheckedArithmetic()
      let db = x.subtract(b, a)
      let bigB = x.divide(x.subtract(x.subtract(fb, fa), x.multiply(fpa, db)), x.multiply(db, db))
      let xmin = x.subtract(a, x.divide(fpa, x.multiply(2, bigB)))
      return x.failed || !xmin.isFinite ? nil : xmin
    }
  }
}

/// IEEE arithmetic that notes the exceptions numpy raises under `errstate(divide=, over=,
/// invalid="raise")`: a non-finite result from finite operands (overflow, division by zero) or
/// a NaN from operands that are not NaN (invalid operation).
private struct CheckedArithmetic {
  /// Whether any operation so far raised.
  private(set) var failed = false

  private mutating func check(_ result: Double, _ x: Double, _ y: Double) -> Double {
    if (!result.isFinite && !result.isNaN && x.isFinite && y.isFinite) || (result.isNaN && !x.isNaN && !y.isNaN) {
      failed = true
    }
    return result
  }

  mutating func add(_ x: Double, _ y: Double) -> Double { check(x + y, x, y) }
  mutating func subtract(_ x: Double, _ y: Double) -> Double { check(x - y, x, y) }
  mutating func multiply(_ x: Double, _ y: Double) -> Double { check(x * y, x, y) }
  mutating func divide(_ x: Double, _ y: Double) -> Double { check(x / y, x, y) }
  mutating func squareRoot(_ x: Double) -> Double { check(x.squareRoot(), x, 0) }
}

/// Python's `min(a, b)`: `b` only when `b < a` (so a NaN `b` gives `a`).
func pythonMin(_ a: Double, _ b: Double) -> Double { b < a ? b : a }
/// Python's `max(a, b)`: `b` only when `b > a`.
func pythonMax(_ a: Double, _ b: Double) -> Double { b > a ? b : a }
