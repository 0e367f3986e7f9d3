import Foundation

/// How many differences an ARIMA model needs, as statsforecast's `ndiffs` (KPSS tests) and
/// `nsdiffs` with its default seasonal test (seasonal strength of an STL decomposition) — the
/// first step of the Hyndman–Khandakar algorithm.
///
/// Hyndman, R. J. & Khandakar, Y. (2008). Automatic time series forecasting: the forecast
/// package for R. Journal of Statistical Software, 27(3).
enum ARIMADifferencing {
  /// The number of first differences, at most `maxD`, after which the KPSS test no longer
  /// rejects level stationarity at 5% (statsforecast's `ndiffs(x, alpha=0.05, test="kpss")`).
  ///
  /// As statsforecast's, each round drops one observation more than the difference does
  /// (`diff(x, 1, 1)[1:]`).
  static func firstDifferences(_ values: [Double], maxD: Int) -> Int {
    var x = values
    var d = 0
    if isConstant(x) { return 0 }
    var reject = kpssRejects(x)
    while reject && d < maxD {
      d += 1
      x = Array(ARIMAEstimation.difference(x, lag: 1).dropFirst())
      if isConstant(x) { return d }
      reject = kpssRejects(x)
    }
    return d
  }

  /// The number of seasonal differences of period `period`, at most `maxD`, while the series'
  /// seasonal strength exceeds 0.64 (statsforecast's `nsdiffs(x, test="seas")`).
  static func seasonalDifferences(_ values: [Double], period: Int, maxD: Int) -> Int {
    var x = values
    var d = 0
    if isConstant(x) || period >= x.count { return 0 }
    var strong = seasonalStrength(x, period: period) > 0.64
    while strong && d < maxD {
      d += 1
      x = ARIMAEstimation.difference(x, lag: period)
      if isConstant(x) { return d }
      strong = x.count >= 2 * period && d < maxD ? seasonalStrength(x, period: period) > 0.64 : false
    }
    return d
  }

  /// Whether every value equals the first (numpy's `all(x[0] == x)`; true when empty).
  static func isConstant(_ x: [Double]) -> Bool { x.allSatisfy { $0 == x[0] } }

  /// Whether the KPSS test of level stationarity with `⌊3√n / 13⌋` lags rejects at 5%, its p-value
  /// interpolated in the table of Kwiatkowski et al. (1992) as statsmodels' `kpss(x, "c")` does.
  /// A series too short for its lags is not rejected, as statsforecast's error handling has it.
  ///
  /// Kwiatkowski, D., Phillips, P. C. B., Schmidt, P. & Shin, Y. (1992). Testing the null
  /// hypothesis of stationarity against the alternative of a unit root. Journal of
  /// Econometrics, 54, 159–178.
  static func kpssRejects(_ x: [Double]) -> Bool {
    let n = x.count
    let lags = Int((3 * Double(n).squareRoot() / 13).rounded(.down))
    guard n > 0, lags < n else { return false }
    let mean = x.reduce(0, +) / Double(n)
    let residuals = x.map { $0 - mean }
    var cumulative = 0.0, eta = 0.0
    for value in residuals {
      cumulative += value
      eta += cumulative * cumulative
    }
    eta /= Double(n) * Double(n)
    var sHat = residuals.reduce(0) { $0 + $1 * $1 }
    for i in stride(from: 1, through: lags, by: 1) {
      var product = 0.0
      for t in i..<n { product += residuals[t] * residuals[t - i] }
      sHat += 2 * product * (1 - Double(i) / (Double(lags) + 1))
    }
    sHat /= Double(n)
    let statistic = eta / sHat
    let critical = [0.347, 0.463, 0.574, 0.739], pValues = [0.1, 0.05, 0.025, 0.01]
    let pValue: Double
    if statistic.isNaN {
      pValue = .nan
    } else if statistic <= critical[0] {
      pValue = pValues[0]
    } else if statistic >= critical[3] {
      pValue = pValues[3]
    } else {
      let k = critical.lastIndex { $0 <= statistic }!
      let slope = (pValues[k + 1] - pValues[k]) / (critical[k + 1] - critical[k])
      pValue = slope * (statistic - critical[k]) + pValues[k]
    }
    return pValue < 0.05
  }

  /// The strength of seasonality, `max(0, min(1, 1 − var(R) / var(R + S)))` for the seasonal `S`
  /// and remainder `R` of an STL decomposition with a seasonal window of 11 and degree 0
  /// (statsforecast's `seas_heuristic` over `mstl`; Wang, Smith & Hyndman 2006).
  static func seasonalStrength(_ x: [Double], period: Int) -> Double {
    let (seasonal, trend) = STL(period: period, seasonal: 11, seasonalDegree: 0).decompose(x)
    let remainder = x.indices.map { x[$0] - seasonal[$0] - trend[$0] }
    let detrended = x.indices.map { remainder[$0] + seasonal[$0] }
    let ratio = 1 - sampleVariance(remainder) / sampleVariance(detrended)
    return pythonMax(0, pythonMin(1, ratio))
  }

  /// The variance with `n − 1` in the denominator (numpy's `var(ddof=1)`).
  private static func sampleVariance(_ x: [Double]) -> Double {
    let mean = x.reduce(0, +) / Double(x.count)
    return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
  }
}
