import Foundation

/// Seasonal-trend decomposition by loess (STL) of Cleveland et al. (1990), as statsmodels'
/// `STL` (`statsmodels/tsa/stl/_stl.pyx`, a port of the NETLIB Fortran) with its defaults
/// otherwise: not robust (five inner passes, no outer ones), every smoother evaluated at every
/// point (jumps of 1), trend and low-pass smoothers of degree 1. statsforecast's `mstl` calls
/// it for one seasonal period with a seasonal window of 11 and `seasonal_deg=0`.
///
/// Cleveland, R. B., Cleveland, W. S., McRae, J. E. & Terpenning, I. (1990). STL: A
/// seasonal-trend decomposition procedure based on loess. Journal of Official Statistics, 6(1),
/// 3–73.
struct STL {
  /// The seasonal period (at least 2).
  var period: Int
  /// The seasonal smoother's length (odd, at least 3).
  var seasonal: Int
  /// The seasonal smoother's degree, 0 or 1.
  var seasonalDegree: Int

  /// The trend smoother's length: the smallest odd integer not below
  /// `1.5·period / (1 − 1.5 / seasonal)`.
  var trend: Int {
    var length = Int((1.5 * Double(period) / (1 - 1.5 / Double(seasonal))).rounded(.up))
    if length % 2 == 0 { length += 1 }
    return length
  }

  /// The low-pass filter's length: the smallest odd integer above `period`.
  var lowPass: Int { period % 2 == 0 ? period + 1 : period + 2 }

  /// The seasonal and trend components of `y` (the remainder is `y` less both).
  func decompose(_ y: [Double]) -> (seasonal: [Double], trend: [Double]) {
    let n = y.count, np = period
    var season = [Double](repeating: 0, count: n)
    var trendValues = [Double](repeating: 0, count: n)
    var work = [[Double]](repeating: [Double](repeating: 0, count: n + 2 * np), count: 5)
    for _ in 0..<5 {
      for i in 0..<n { work[0][i] = y[i] - trendValues[i] }
      seasonalSmooth(work[0], n: n, into: &work[1])
      lowPassFilter(&work)
      Self.smooth(work[2], n: n, length: lowPass, degree: 1, into: &work[0])
      for i in 0..<n {
        season[i] = work[1][np + i] - work[0][i]
        work[0][i] = y[i] - season[i]
      }
      Self.smooth(work[0], n: n, length: trend, degree: 1, into: &trendValues)
    }
    return (season, trendValues)
  }

  /// The cycle-subseries smoothing (`_ss`): each subseries of one position in the season is
  /// smoothed by loess and extended by one value at each end, into `season` (length `n + 2·period`).
  private func seasonalSmooth(_ y: [Double], n: Int, into season: inout [Double]) {
    let np = period
    var subseries = [Double](repeating: 0, count: n / np + 1)
    var smoothed = [Double](repeating: 0, count: n / np + 3)
    for j in 0..<np {
      let k = (n - (j + 1)) / np + 1
      for i in 0..<k { subseries[i] = y[i * np + j] }
      var inner = [Double](repeating: 0, count: k)
      Self.smooth(subseries, n: k, length: seasonal, degree: seasonalDegree, into: &inner)
      for i in 0..<k { smoothed[i + 1] = inner[i] }
      let first = Self.estimate(subseries, n: k, length: seasonal, degree: seasonalDegree, at: 0, left: 1, right: min(seasonal, k))
      smoothed[0] = first.isNaN ? smoothed[1] : first
      let last = Self.estimate(subseries, n: k, length: seasonal, degree: seasonalDegree, at: Double(k + 1),
                               left: max(1, k - seasonal + 1), right: k)
      smoothed[k + 1] = last.isNaN ? smoothed[k] : last
      for m in 0..<(k + 2) { season[m * np + j] = smoothed[m] }
    }
  }

  /// The low-pass filter of the extended seasonal (`_fts`): moving averages of lengths `period`,
  /// `period` and 3, from `work[1]` into `work[2]`.
  private func lowPassFilter(_ work: inout [[Double]]) {
    let n = work[1].count, np = period
    Self.movingAverage(work[1], n: n, length: np, into: &work[2])
    Self.movingAverage(work[2], n: n - np + 1, length: np, into: &work[0])
    Self.movingAverage(work[0], n: n - 2 * np + 2, length: 3, into: &work[2])
  }

  /// The running means of `length` values of the first `n` of `x` (`_ma`).
  private static func movingAverage(_ x: [Double], n: Int, length: Int, into average: inout [Double]) {
    let flen = Double(length)
    var v = 0.0
    for i in 0..<length { v += x[i] }
    average[0] = v / flen
    var k = length, m = 0
    for j in 1..<max(n - length + 1, 1) {
      v += x[k] - x[m]
      average[j] = v / flen
      k += 1
      m += 1
    }
  }

  /// Loess of `length` and `degree` at every point of the first `n` of `y` (`_ess` with a jump
  /// of 1), into `smoothed`.
  private static func smooth(_ y: [Double], n: Int, length: Int, degree: Int, into smoothed: inout [Double]) {
    if n < 2 {
      smoothed[0] = y[0]
      return
    }
    var left = 1, right = min(length, n)
    let half = (length + 2) / 2
    for i in 0..<n {
      if length < n && i + 1 > half && right != n {
        left += 1
        right += 1
      }
      let value = estimate(y, n: n, length: length, degree: degree, at: Double(i + 1), left: left, right: right)
      smoothed[i] = value.isNaN ? y[i] : value
    }
  }

  /// The loess estimate at `xs` (1-based) from the points `left…right` with tricube weights
  /// (`_est`); NaN when every weight is zero.
  private static func estimate(_ y: [Double], n: Int, length: Int, degree: Int, at xs: Double, left: Int, right: Int) -> Double {
    let range = Double(n) - 1
    var h = max(xs - Double(left), Double(right) - xs)
    if length > n { h += Double((length - n) / 2) }
    let h9 = 0.999 * h, h1 = 0.001 * h
    var weights = [Double](repeating: 0, count: right - left + 1)
    var a = 0.0
    for j in (left - 1)..<right {
      let r = abs(Double(j + 1) - xs)
      var w = 0.0
      if r <= h9 {
        if r <= h1 {
          w = 1
        } else {
          w = pow(1 - pow(r / h, 3), 3)
        }
        a += w
      }
      weights[j - left + 1] = w
    }
    if a <= 0 { return .nan }
    for j in weights.indices { weights[j] /= a }
    if h > 0 && degree > 0 {
      a = 0
      for j in (left - 1)..<right { a += weights[j - left + 1] * Double(j + 1) }
      var b = xs - a
      var c = 0.0
      for j in (left - 1)..<right {
        c += weights[j - left + 1] * pow(Double(j + 1) - a, 2)
      }
      if c.squareRoot() > 0.001 * range {
        b /= c
        for j in (left - 1)..<right { weights[j - left + 1] *= b * (Double(j + 1) - a) + 1 }
      }
    }
    var ys = 0.0
    for j in (left - 1)..<right { ys += weights[j - left + 1] * y[j] }
    return ys
  }
}
