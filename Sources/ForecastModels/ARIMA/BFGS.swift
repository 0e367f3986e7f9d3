import Foundation

/// Unconstrained minimisation by BFGS with forward-difference gradients, as scipy's
/// `minimize(method="BFGS")` without a `jac` (scipy 1.17, `_minimize_bfgs`): the inverse Hessian
/// starts at the identity and is updated by the BFGS formula; each step is found by MINPACK's
/// line search (`DCSRCH`), falling back to the Wolfe line search of Nocedal & Wright when it
/// fails; gradients are forward differences with step √ε. statsforecast's `arima` minimises
/// with it (`tol=1e-8`, so `gtol = 1e-8`, and `maxiter=100`); reproducing its steps is what
/// makes the estimates agree with statsforecast's.
///
/// Nocedal, J. & Wright, S. J. (2006). Numerical Optimization, 2nd ed., §6.1 and §3.5. Springer.
struct BFGS {
  /// How the minimisation ended (scipy's `status`).
  enum Status: Int, Sendable, Codable {
    /// The gradient's largest component fell to `gtol`.
    case converged = 0
    /// `maxiter` iterations were done.
    case maximumIterations = 1
    /// No step along the search direction decreased the function enough.
    case precisionLoss = 2
    /// The gradient, value or point became NaN.
    case notANumber = 3
  }

  /// The end of a minimisation.
  struct Result {
    /// The last point.
    var x: [Double]
    /// The function's value there.
    var value: Double
    /// The last inverse-Hessian estimate, row-major `n × n`.
    var inverseHessian: [Double]
    /// How it ended.
    var status: Status
  }

  /// scipy's default finite-difference step, √ε.
  static let differenceStep = Double.ulpOfOne.squareRoot()

  /// The function and its forward-difference gradient, remembering the last point evaluated as
  /// scipy's `ScalarFunction` does.
  struct Objective {
    let function: ([Double]) -> Double
    private var point: [Double]?
    private var value: Double?
    private var gradient: [Double]?

    init(_ function: @escaping ([Double]) -> Double) {
      self.function = function
    }

    private mutating func move(to x: [Double]) {
      if point != x {
        point = x
        value = nil
        gradient = nil
      }
    }

    /// The function at `x`.
    mutating func value(at x: [Double]) -> Double {
      move(to: x)
      if let value { return value }
      let f = function(x)
      value = f
      return f
    }

    /// The forward-difference gradient at `x` (scipy's `approx_derivative` with
    /// `method="2-point"` and the absolute step `differenceStep`, made relative where it would
    /// vanish against `x`).
    mutating func gradient(at x: [Double]) -> [Double] {
      let f0 = value(at: x)
      if let gradient { return gradient }
      var g = [Double](repeating: 0, count: x.count)
      var shifted = x
      for i in x.indices {
        var h = BFGS.differenceStep
        if (x[i] + h) - x[i] == 0 { h = BFGS.differenceStep * (x[i] >= 0 ? 1 : -1) * Swift.max(1, abs(x[i])) }
        shifted[i] = x[i] + h
        let dx = (x[i] + h) - x[i]
        g[i] = (function(shifted) - f0) / dx
        shifted[i] = x[i]
      }
      gradient = g
      return g
    }
  }

  /// Minimises `function` from `x0`, stopping when the gradient's largest component is at most
  /// `gradientTolerance` or after `maxIterations` iterations (scipy's `gtol`, `maxiter`).
  static func minimize(_ function: @escaping ([Double]) -> Double, from x0: [Double],
                       gradientTolerance: Double, maxIterations: Int) -> Result {
    let n = x0.count
    var objective = Objective(function)
    var fval = objective.value(at: x0)
    var gfk = objective.gradient(at: x0)
    var hk = identity(n)
    var oldOldFval = fval + twoNorm(gfk) / 2
    var xk = x0
    var k = 0
    var lineSearchFailed = false
    var gnorm = maxNorm(gfk)
    while gnorm > gradientTolerance && k < maxIterations {
      var pk = [Double](repeating: 0, count: n)
      for i in 0..<n {
        var sum = 0.0
        for j in 0..<n { sum += hk[i * n + j] * gfk[j] }
        pk[i] = -sum
      }
      guard let step = LineSearch.search(&objective, at: xk, direction: pk, gradient: gfk,
                                         value: fval, previousValue: oldOldFval) else {
        lineSearchFailed = true
        break
      }
      fval = step.value
      oldOldFval = step.previousValue
      let sk = pk.map { step.alpha * $0 }
      for i in 0..<n { xk[i] = xk[i] + sk[i] }
      let gfkp1 = step.gradient ?? objective.gradient(at: xk)
      var yk = [Double](repeating: 0, count: n)
      for i in 0..<n { yk[i] = gfkp1[i] - gfk[i] }
      gfk = gfkp1
      k += 1
      gnorm = maxNorm(gfk)
      if gnorm <= gradientTolerance { break }
      if step.alpha * twoNorm(pk) <= 0 { break }  // scipy's xrtol = 0 test
      if !fval.isFinite {
        lineSearchFailed = true
        break
      }
      var rhokInverse = 0.0
      for i in 0..<n { rhokInverse += yk[i] * sk[i] }
      let rhok = rhokInverse == 0 ? 1000.0 : 1 / rhokInverse
      hk = updatedInverseHessian(hk, sk: sk, yk: yk, rhok: rhok)
    }
    let status: Status
    if lineSearchFailed {
      status = .precisionLoss
    } else if k >= maxIterations {
      status = .maximumIterations
    } else if gnorm.isNaN || fval.isNaN || xk.contains(where: \.isNaN) {
      status = .notANumber
    } else {
      status = .converged
    }
    return Result(x: xk, value: fval, inverseHessian: hk, status: status)
  }

  /// `(I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ`.
  private static func updatedInverseHessian(_ h: [Double], sk: [Double], yk: [Double], rhok: Double) -> [Double] {
    let n = sk.count
    var a1 = identity(n), a2 = identity(n)
    for i in 0..<n {
      for j in 0..<n {
        a1[i * n + j] -= sk[i] * yk[j] * rhok
        a2[i * n + j] -= yk[i] * sk[j] * rhok
      }
    }
    let inner = multiply(h, a2, n)
    var result = multiply(a1, inner, n)
    for i in 0..<n { for j in 0..<n { result[i * n + j] += rhok * sk[i] * sk[j] } }
    return result
  }

  private static func identity(_ n: Int) -> [Double] {
    var m = [Double](repeating: 0, count: n * n)
    for i in 0..<n { m[i * n + i] = 1 }
    return m
  }

  private static func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var sum = 0.0
        for k in 0..<n { sum += a[i * n + k] * b[k * n + j] }
        c[i * n + j] = sum
      }
    }
    return c
  }

  /// The largest magnitude, NaN if any component is NaN (numpy's `amax(abs(x))`).
  static func maxNorm(_ x: [Double]) -> Double {
    var result = 0.0
    for value in x {
      if value.isNaN { return .nan }
      result = Swift.max(result, abs(value))
    }
    return result
  }

  /// The Euclidean norm.
  static func twoNorm(_ x: [Double]) -> Double {
    x.reduce(0) { $0 + $1 * $1 }.squareRoot()
  }
}
