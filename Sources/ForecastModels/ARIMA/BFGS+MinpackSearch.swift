import Foundation

extension BFGS {
  /// MINPACK-2's line search `DCSRCH` (Moré & Thuente 1994) as scipy 1.17 runs it
  /// (`scipy/optimize/_dcsrch.py`, called by `scalar_search_wolfe1` with at most 100 trials):
  /// safeguarded cubic and quadratic steps that keep an interval containing a step satisfying
  /// the strong Wolfe conditions.
  ///
  /// Moré, J. J. & Thuente, D. J. (1994). Line search algorithms with guaranteed sufficient
  /// decrease. ACM Transactions on Mathematical Software, 20(3), 286–307.
  struct MinpackSearch {
    let ftol: Double, gtol: Double, xtol: Double, stpmin: Double, stpmax: Double
    private var bracketed = false
    private var stage = 1
    private var finit = 0.0, ginit = 0.0, gtest = 0.0
    private var width = 0.0, width1 = 0.0
    private var stx = 0.0, fx = 0.0, gx = 0.0
    private var sty = 0.0, fy = 0.0, gy = 0.0
    private var stmin = 0.0, stmax = 0.0

    init(ftol: Double, gtol: Double, xtol: Double, stpmin: Double, stpmax: Double) {
      self.ftol = ftol
      self.gtol = gtol
      self.xtol = xtol
      self.stpmin = stpmin
      self.stpmax = stpmax
    }

    /// What one iteration asks for next.
    private enum Task { case evaluate, converged, warning, error }

    /// The accepted step from the trial `alpha1` and the function there, or nil when the search
    /// ends in a warning or an error (scipy's `DCSRCH.__call__`).
    mutating func run(_ alpha1: Double, phi0: Double, derphi0: Double,
                      phi: (Double) -> Double, derphi: (Double) -> Double) -> (Double, Double)? {
      var stp = alpha1, f = phi0, g = derphi0
      for i in 0..<100 {
        let task: Task
        if i == 0 { task = start(stp: stp, f: f, g: g) } else { (stp, task) = iterate(stp: stp, f: f, g: g) }
        guard stp.isFinite else { return nil }
        switch task {
        case .evaluate:
          f = phi(stp)
          g = derphi(stp)
        case .converged:
          return (stp, f)
        case .warning, .error:
          return nil
        }
      }
      return nil
    }

    /// The `START` branch of `_iterate`.
    private mutating func start(stp: Double, f: Double, g: Double) -> Task {
      if stp < stpmin || stp > stpmax || g >= 0 || ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin {
        return .error
      }
      bracketed = false
      stage = 1
      finit = f
      ginit = g
      gtest = ftol * ginit
      width = stpmax - stpmin
      width1 = width / 0.5
      stx = 0
      fx = finit
      gx = ginit
      sty = 0
      fy = finit
      gy = ginit
      stmin = 0
      stmax = stp + 4 * stp
      return .evaluate
    }

    /// One iteration of `_iterate` after an evaluation at `stp`: a test for convergence, then
    /// the next trial step.
    private mutating func iterate(stp stpIn: Double, f: Double, g: Double) -> (Double, Task) {
      var stp = stpIn
      let ftest = finit + stp * gtest
      if stage == 1 && f <= ftest && g >= 0 { stage = 2 }
      var task = Task.evaluate
      if bracketed && (stp <= stmin || stp >= stmax) { task = .warning }
      if bracketed && stmax - stmin <= xtol * stmax { task = .warning }
      if stp == stpmax && f <= ftest && g <= gtest { task = .warning }
      if stp == stpmin && (f > ftest || g >= gtest) { task = .warning }
      if f <= ftest && abs(g) <= gtol * -ginit { task = .converged }
      if task != .evaluate { return (stp, task) }

      if stage == 1 && f <= fx && f > ftest {
        // A modified function keeps the step away from regions of insufficient decrease.
        var fm = f - stp * gtest
        var fxm = fx - stx * gtest
        var fym = fy - sty * gtest
        var gm = g - gtest
        var gxm = gx - gtest
        var gym = gy - gtest
        Self.step(stx: &stx, fx: &fxm, dx: &gxm, sty: &sty, fy: &fym, dy: &gym, stp: &stp, fp: &fm, dp: &gm,
                  bracketed: &bracketed, stpmin: stmin, stpmax: stmax)
        fx = fxm + stx * gtest
        fy = fym + sty * gtest
        gx = gxm + gtest
        gy = gym + gtest
      } else {
        var fp = f, dp = g
        Self.step(stx: &stx, fx: &fx, dx: &gx, sty: &sty, fy: &fy, dy: &gy, stp: &stp, fp: &fp, dp: &dp,
                  bracketed: &bracketed, stpmin: stmin, stpmax: stmax)
      }
      if bracketed {
        if abs(sty - stx) >= 0.66 * width1 { stp = stx + 0.5 * (sty - stx) }
        width1 = width
        width = abs(sty - stx)
        stmin = pythonMin(stx, sty)
        stmax = pythonMax(stx, sty)
      } else {
        stmin = stp + 1.1 * (stp - stx)
        stmax = stp + 4 * (stp - stx)
      }
      stp = clip(stp, stpmin, stpmax)
      if (bracketed && (stp <= stmin || stp >= stmax)) || (bracketed && stmax - stmin <= xtol * stmax) {
        stp = stx
      }
      return (stp, .evaluate)
    }

    /// numpy's `clip`: NaN stays NaN.
    private func clip(_ x: Double, _ low: Double, _ high: Double) -> Double {
      x.isNaN ? x : Swift.min(Swift.max(x, low), high)
    }

    /// numpy's `sign`.
    private static func sign(_ x: Double) -> Double { x.isNaN ? .nan : (x > 0 ? 1 : (x < 0 ? -1 : 0)) }

    /// Python's `max` of three.
    private static func max3(_ a: Double, _ b: Double, _ c: Double) -> Double { pythonMax(pythonMax(a, b), c) }

    /// MINPACK-2's `dcstep`: the safeguarded step from the interval's ends `stx`, `sty` and the
    /// trial `stp` with their values and derivatives, updating the interval.
    private static func step(stx: inout Double, fx: inout Double, dx: inout Double,
                             sty: inout Double, fy: inout Double, dy: inout Double,
                             stp: inout Double, fp: inout Double, dp: inout Double,
                             bracketed: inout Bool, stpmin: Double, stpmax: Double) {
      let sgnd = sign(dp) * sign(dx)
      var stpf: Double
      if fp > fx {
        // Higher function value: the minimum is bracketed.
        let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
        let s = max3(abs(theta), abs(dx), abs(dp))
        var gamma = s * ((theta / s) * (theta / s) - dx / s * (dp / s)).squareRoot()
        if stp < stx { gamma = -gamma }
        let p = gamma - dx + theta
        let q = gamma - dx + gamma + dp
        let r = p / q
        let stpc = stx + r * (stp - stx)
        let stpq = stx + dx / ((fx - fp) / (stp - stx) + dx) / 2.0 * (stp - stx)
        stpf = abs(stpc - stx) <= abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2.0
        bracketed = true
      } else if sgnd < 0 {
        // Derivatives of opposite sign: the minimum is bracketed.
        let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        let s = max3(abs(theta), abs(dx), abs(dp))
        var gamma = s * ((theta / s) * (theta / s) - dx / s * (dp / s)).squareRoot()
        if stp > stx { gamma = -gamma }
        let p = gamma - dp + theta
        let q = gamma - dp + gamma + dx
        let r = p / q
        let stpc = stp + r * (stx - stp)
        let stpq = stp + dp / (dp - dx) * (stx - stp)
        stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
        bracketed = true
      } else if abs(dp) < abs(dx) {
        // Lower value, same-sign derivative decreasing in magnitude.
        let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        let s = max3(abs(theta), abs(dx), abs(dp))
        var gamma = s * pythonMax(0, (theta / s) * (theta / s) - dx / s * (dp / s)).squareRoot()
        if stp > stx { gamma = -gamma }
        let p = gamma - dp + theta
        let q = gamma + (dx - dp) + gamma
        let r = p / q
        let stpc: Double
        if r < 0 && gamma != 0 {
          stpc = stp + r * (stx - stp)
        } else if stp > stx {
          stpc = stpmax
        } else {
          stpc = stpmin
        }
        let stpq = stp + dp / (dp - dx) * (stx - stp)
        if bracketed {
          stpf = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
          if stp > stx {
            stpf = pythonMin(stp + 0.66 * (sty - stp), stpf)
          } else {
            stpf = pythonMax(stp + 0.66 * (sty - stp), stpf)
          }
        } else {
          stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
          stpf = stpf.isNaN ? stpf : Swift.min(Swift.max(stpf, stpmin), stpmax)
        }
      } else if bracketed {
        // Lower value, derivative not decreasing in magnitude, bracketed.
        let theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp
        let s = max3(abs(theta), abs(dy), abs(dp))
        var gamma = s * ((theta / s) * (theta / s) - dy / s * (dp / s)).squareRoot()
        if stp > sty { gamma = -gamma }
        let p = gamma - dp + theta
        let q = gamma - dp + gamma + dy
        let r = p / q
        stpf = stp + r * (sty - stp)
      } else if stp > stx {
        stpf = stpmax
      } else {
        stpf = stpmin
      }
      if fp > fx {
        sty = stp
        fy = fp
        dy = dp
      } else {
        if sgnd < 0 {
          sty = stx
          fy = fx
          dy = dx
        }
        stx = stp
        fx = fp
        dx = dp
      }
      stp = stpf
    }
  }
}
