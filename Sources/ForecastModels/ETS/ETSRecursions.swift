import Foundation

/// The state-space recursions of an ETS model with given smoothing parameters — statsforecast's
/// `ets.cpp` (`Update`, `Forecast`, `Calc`), itself R forecast's `etscalc` in C — in the same
/// arithmetic, so that fitted values, likelihoods and forecasts agree with statsforecast's to the
/// last bits.
///
/// The state is the level l, the growth b (with a trend) and the last `m` seasonal terms
/// s₁…s_m, newest first (with a season). The one-step forecast is
/// ŷ = (l + φb) + s_m (additive season) or (l + φb)·s_m (multiplicative season), the error
/// e = y − ŷ (additive) or (y − ŷ)/ŷ (multiplicative), and the states move on as
/// l' = q + α(p − q), b' = φb + (β/α)(l' − l − φb), s' = s_m + γ(t − s_m), with q = l + φb,
/// p = y − s_m or y/s_m, t = y − q or y/q.
struct ETSRecursions {
  /// The model's components.
  let error: ETSComponent, trend: ETSComponent, season: ETSComponent
  /// The seasonal period (1 without a season).
  let m: Int
  /// Smoothing of the level, growth and season, and damping (β = 0, γ = 0, φ = 1 where absent).
  var alpha: Double, beta: Double, gamma: Double, phi: Double
  /// The components as the recursions test them at every step.
  private let hasTrend: Bool, hasSeason: Bool, additiveSeason: Bool, additiveError: Bool

  /// The recursions of a model with these components and parameters.
  init(
    error: ETSComponent, trend: ETSComponent, season: ETSComponent, m: Int,
    alpha: Double, beta: Double, gamma: Double, phi: Double
  ) {
    self.error = error
    self.trend = trend
    self.season = season
    self.m = m
    self.alpha = alpha
    self.beta = beta
    self.gamma = gamma
    self.phi = phi
    hasTrend = trend != .none
    hasSeason = season != .none
    additiveSeason = season == .additive
    additiveError = error == .additive
  }

  /// statsforecast's `NA`: a forecast equal to it marks a failed filter.
  static let missing = -99999.0
  /// statsforecast's `TOL`: divisors closer to zero are replaced.
  static let tolerance = 1e-10
  /// statsforecast's `HUGE_N`, the quotient by a vanishing divisor.
  static let huge = 1e10

  /// The number of states per time: level, growth, `m` seasonal terms.
  var stateCount: Int { 1 + (hasTrend ? 1 : 0) + (hasSeason ? m : 0) }

  /// `Forecast`: the `horizon` forecasts from level `l`, growth `b` and the seasonal terms in the
  /// ring `seasons`, whose newest term is at `newest` (the one of season j steps back at
  /// `(newest + j) % m`), into `f`.
  func forecast(
    level l: Double, growth b: Double, seasons: UnsafePointer<Double>, newest: Int, horizon: Int,
    into f: UnsafeMutablePointer<Double>
  ) {
    var phiStar = phi
    for i in 0..<horizon {
      f[i] = hasTrend ? l + phiStar * b : l
      if hasSeason {
        var j = m - 1 - i
        while j < 0 { j += m }
        let s = seasons[(newest + j) % m]
        f[i] = additiveSeason ? f[i] + s : f[i] * s
      }
      if i < horizon - 1 {
        phiStar += (phi - 1.0).magnitude < Self.tolerance ? 1.0 : pow(phi, Double(i + 1))
      }
    }
  }

  /// `Update`: the new level, growth and seasonal term after observing `y`, from the previous
  /// level, growth and the seasonal term of the same season one period ago.
  func update(
    level oldLevel: Double, growth oldGrowth: Double, season oldSeason: Double, observation y: Double
  ) -> (level: Double, growth: Double, season: Double) {
    let phiB = hasTrend ? phi * oldGrowth : 0.0
    let q = oldLevel + phiB
    let p: Double
    if !hasSeason {
      p = y
    } else if additiveSeason {
      p = y - oldSeason
    } else {
      p = oldSeason.magnitude < Self.tolerance ? Self.huge : y / oldSeason
    }
    let level = q + alpha * (p - q)
    var growth = oldGrowth
    if hasTrend {
      let r = level - oldLevel
      growth = phiB + (beta / alpha) * (r - phiB)
    }
    var newSeason = 0.0
    if hasSeason {
      let t: Double
      if additiveSeason {
        t = y - q
      } else {
        t = q.magnitude < Self.tolerance ? Self.huge : y / q
      }
      newSeason = oldSeason + gamma * (t - oldSeason)
    }
    return (level, growth, newSeason)
  }

  /// Scratch space for `filter`, made once per model so that the optimiser's many calls
  /// allocate nothing.
  struct Workspace {
    /// The seasonal ring, forecasts, and the counts behind the MSEs.
    var buffer: [Double]

    /// Room for seasonal period `m`.
    init(m: Int) {
      buffer = [Double](repeating: 0, count: max(m, 1) + 2 * 30)
    }
  }

  /// `Calc`: runs the recursions over `y` from `initialState` (level, growth, `m` seasonal terms
  /// newest first) and returns statsforecast's −2 log-likelihood up to a constant:
  /// n·log Σe² (+ 2 Σ log|ŷ| with multiplicative error), or `missing` when a forecast is
  /// `missing`. (statsforecast shifts the seasonal terms along an array at each step; a ring
  /// holds them here, with the same arithmetic.)
  ///
  /// - Parameters:
  ///   - errors: receives the n errors e, when given.
  ///   - states: receives the (n + 1) states, `stateCount` values each, when given.
  ///   - amse: receives the mean squared 1…`amse.count`-step in-sample errors (at most 30),
  ///     when given.
  func filter(
    _ y: UnsafeBufferPointer<Double>, initialState: UnsafeBufferPointer<Double>, workspace: inout Workspace,
    errors: UnsafeMutableBufferPointer<Double>? = nil, states: UnsafeMutableBufferPointer<Double>? = nil,
    amse: UnsafeMutableBufferPointer<Double>? = nil
  ) -> Double {
    let n = y.count
    let p = stateCount, seasonStart = hasTrend ? 2 : 1
    let horizon = min(amse?.count ?? 1, 30)
    precondition(initialState.count >= p, "The initial state needs \(p) values")
    precondition(states == nil || states!.count >= p * (n + 1), "The states need room for n + 1 times")
    precondition(workspace.buffer.count >= m + 60, "The workspace is for a shorter season")
    return workspace.buffer.withUnsafeMutableBufferPointer { buffer in
      let ring = buffer.baseAddress!, f = ring + m, denominators = f + 30
      var newest = 0
      var level = initialState[0]
      var growth = hasTrend ? initialState[1] : 0.0
      if hasSeason {
        for j in 0..<m { ring[j] = initialState[seasonStart + j] }
      }
      if let amse {
        for j in 0..<horizon { amse[j] = 0; denominators[j] = 0 }
      }
      if let states {
        for j in 0..<p { states[j] = initialState[j] }
      }
      var oldGrowth = 0.0
      var sumSquares = 0.0, sumLogs = 0.0
      for i in 0..<n {
        let oldLevel = level
        if hasTrend { oldGrowth = growth }
        forecast(level: oldLevel, growth: oldGrowth, seasons: ring, newest: newest, horizon: horizon, into: f)
        if (f[0] - Self.missing).magnitude < Self.tolerance { return Self.missing }
        let e: Double
        if additiveError {
          e = y[i] - f[0]
        } else {
          let divisor = f[0].magnitude < Self.tolerance ? f[0] + Self.tolerance : f[0]
          e = (y[i] - f[0]) / divisor
        }
        errors?[i] = e
        if let amse {
          for j in 0..<horizon where i + j < n {
            denominators[j] += 1.0
            let difference = y[i + j] - f[j]
            amse[j] = (amse[j] * (denominators[j] - 1.0) + difference * difference) / denominators[j]
          }
        }
        // The oldest seasonal term gives way to the newest.
        let oldest = newest == 0 ? m - 1 : newest - 1
        let updated = update(level: oldLevel, growth: oldGrowth, season: hasSeason ? ring[oldest] : 0, observation: y[i])
        level = updated.level
        growth = updated.growth
        if hasSeason {
          ring[oldest] = updated.season
          newest = oldest
        }
        if let states {
          let row = p * (i + 1)
          states[row] = level
          if hasTrend { states[row + 1] = growth }
          if hasSeason {
            for j in 0..<m { states[row + seasonStart + j] = ring[(newest + j) % m] }
          }
        }
        sumSquares += e * e
        if !additiveError {  // statsforecast sums these logarithms for every model
          let value = f[0].magnitude
          sumLogs += value > 0.0 ? log(value) : log(value + 1e-8)
        }
      }
      var likelihood = Double(n) * (sumSquares > 0.0 ? log(sumSquares) : log(sumSquares + 1e-8))
      if !additiveError { likelihood += 2 * sumLogs }
      return likelihood
    }
  }
}
