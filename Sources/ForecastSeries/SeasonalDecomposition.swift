import Foundation

/// Classical seasonal decomposition by moving averages, the algorithm of statsmodels'
/// `seasonal_decompose` (two-sided filter), giving the same numbers.
///
/// trend = centred moving average (the 2×m filter `[½, 1, …, 1, ½]/m` for an even period m, the
/// plain m-term mean for an odd one), NaN at the ends unless `extrapolateTrend` > 0, when the ends
/// are filled from least-squares lines through the `extrapolateTrend + 1` nearest trend values;
/// seasonal = the mean detrended value at each position of the period (counted from the first
/// observation), normalised to sum to zero (additive) or average one (multiplicative);
/// resid = what is left.
public struct SeasonalDecomposition: Sendable, Equatable {
  /// How the components combine.
  public enum Model: String, Sendable, CaseIterable, Codable {
    /// observed = trend + seasonal + resid
    case additive
    /// observed = trend × seasonal × resid
    case multiplicative
  }

  /// The input series.
  public let observed: [Double]
  /// The centred moving average (NaN where the filter does not reach, unless extrapolated).
  public let trend: [Double]
  /// The repeating seasonal pattern.
  public let seasonal: [Double]
  /// The remainder.
  public let resid: [Double]
  /// The seasonal period.
  public let period: Int
  /// Additive or multiplicative.
  public let model: Model

  /// Decomposes `observed` with seasonal `period`.
  /// - Throws: `SeriesError.tooShort` with fewer than two full periods, `.invalidArgument` for a
  ///   period below 2, or a multiplicative model on data with a value ≤ 0.
  public init(_ observed: [Double], period: Int, model: Model = .additive, extrapolateTrend: Int = 0) throws(SeriesError) {
    guard period >= 2 else { throw .invalidArgument("The seasonal period must be at least 2, received \(period).") }
    guard period <= observed.count / 2 else {
      throw .tooShort("Seasonal decomposition with period \(period) needs two complete cycles, \(period.multipliedReportingOverflow(by: 2).overflow ? "2 × \(period)" : "\(2 * period)") observations; the series has \(observed.count). Give a period of at most \(observed.count / 2).")
    }
    guard extrapolateTrend >= 0 else { throw .invalidArgument("extrapolate_trend must be 0 or positive, received \(extrapolateTrend).") }
    // More points than the series has fit the same line as all of them.
    let extrapolateTrend = min(extrapolateTrend, observed.count)
    if model == .multiplicative, let bad = observed.firstIndex(where: { $0 <= 0 }) {
      throw .invalidArgument("A multiplicative decomposition needs positive values, but observation \(bad + 1) is \(observed[bad]). Use the additive model.")
    }
    let n = observed.count
    let filter: [Double] = period % 2 == 0
      ? [0.5] + Array(repeating: 1, count: period - 1) + [0.5]
      : Array(repeating: 1, count: period)
    let weights = filter.map { $0 / Double(period) }
    let half = weights.count / 2
    var trend = [Double](repeating: .nan, count: n)
    for i in half..<(n - half) {
      var sum = 0.0
      for (j, w) in weights.enumerated() { sum += w * observed[i - half + j] }
      trend[i] = sum
    }
    if extrapolateTrend > 0 { Self.extrapolate(&trend, points: extrapolateTrend + 1) }

    let detrended = zip(observed, trend).map { model == .multiplicative ? $0 / $1 : $0 - $1 }
    var averages = (0..<period).map { position -> Double in
      let values = Swift.stride(from: position, to: n, by: period).map { detrended[$0] }.filter { !$0.isNaN }
      return values.reduce(0, +) / Double(values.count)
    }
    let meanAverage = averages.reduce(0, +) / Double(period)
    averages = averages.map { model == .multiplicative ? $0 / meanAverage : $0 - meanAverage }
    let seasonal = (0..<n).map { averages[$0 % period] }
    let resid = (0..<n).map { i in
      model == .multiplicative ? observed[i] / seasonal[i] / trend[i] : detrended[i] - seasonal[i]
    }
    self.observed = observed
    self.trend = trend
    self.seasonal = seasonal
    self.resid = resid
    self.period = period
    self.model = model
  }

  /// statsmodels' `_extrapolate_trend`: fits a line by least squares to the `points` trend values
  /// nearest each end and extends it over the NaNs. (As in statsmodels, the back fit uses the
  /// `points` values before the last defined one, not including it.)
  private static func extrapolate(_ trend: inout [Double], points: Int) {
    guard let front = trend.firstIndex(where: { !$0.isNaN }), let back = trend.lastIndex(where: { !$0.isNaN }) else { return }
    let frontLast = min(front + points, back)
    if let (slope, intercept) = lineFit(trend, front..<frontLast) {
      for i in 0..<front { trend[i] = Double(i) * slope + intercept }
    }
    let backFirst = max(back - points, front)
    if let (slope, intercept) = lineFit(trend, backFirst..<back) {
      for i in (back + 1)..<trend.count { trend[i] = Double(i) * slope + intercept }
    }
  }

  /// The least-squares line through (i, values[i]) for i in `range`.
  private static func lineFit(_ values: [Double], _ range: Range<Int>) -> (Double, Double)? {
    guard range.count >= 2 else { return range.count == 1 ? (0, values[range.lowerBound]) : nil }
    let n = Double(range.count)
    let meanX = range.reduce(0.0) { $0 + Double($1) } / n
    let meanY = range.reduce(0.0) { $0 + values[$1] } / n
    var sxy = 0.0, sxx = 0.0
    for i in range {
      sxy += (Double(i) - meanX) * (values[i] - meanY)
      sxx += (Double(i) - meanX) * (Double(i) - meanX)
    }
    let slope = sxy / sxx
    return (slope, meanY - slope * meanX)
  }

  /// Strength of trend, max(0, 1 − Var(R)/Var(T+R)) (Wang, Smith & Hyndman, 2006; for the
  /// multiplicative model with T·R), over the observations where the trend is defined.
  public var trendStrength: Double { strength(of: trend) }

  /// Strength of seasonality, max(0, 1 − Var(R)/Var(S+R)) (or S·R for multiplicative).
  public var seasonalStrength: Double { strength(of: seasonal) }

  private func strength(of component: [Double]) -> Double {
    let defined = resid.indices.filter { !resid[$0].isNaN && !component[$0].isNaN }
    guard defined.count > 1 else { return .nan }
    let r = defined.map { resid[$0] }
    let combined = defined.map { model == .multiplicative ? component[$0] * resid[$0] : component[$0] + resid[$0] }
    let total = Statistics.variance(combined)
    return total > 0 ? max(0, 1 - Statistics.variance(r) / total) : 0
  }
}
