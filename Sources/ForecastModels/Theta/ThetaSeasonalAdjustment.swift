import Foundation
import ForecastSeries

/// How a seasonal series is made non-seasonal before a theta model is fitted, and its season put
/// back on the forecasts — statsforecast's `auto_theta` (`theta.py`), after Fiorucci et al. (2016)
/// and the M3 practice of the theta method:
///
/// 1. The series is seasonal when it has at least two seasons of a period of four or more and its
///    autocorrelation at lag m is significant at 90 % (one-sided): |r_m| > 1.645 ·
///    √((1 + 2 Σ_{k<m} r_k²) / n).
/// 2. The seasonal component of a classical decomposition (statsmodels' `seasonal_decompose`,
///    `SeasonalDecomposition`) is divided out (multiplicative) or subtracted (additive). A
///    multiplicative decomposition becomes additive when the data are not all positive, or when a
///    seasonal index falls below 0.01.
/// 3. The forecasts are multiplied by (or added to) the last season of the component, repeated.
public struct ThetaSeasonalAdjustment: Sendable, Equatable, Codable {
  /// The decomposition used — additive when a multiplicative one was asked for but not possible.
  public var decompositionType: SeasonalDecomposition.Model
  /// The seasonal period m.
  public var period: Int
  /// The seasonal component's last `period` values: the indices of the steps after the end of
  /// the series, in order, repeating.
  public var indices: [Double]

  /// The adjustment `y` needs with seasonal period `period`, nil when the test finds no
  /// seasonality, with the whole seasonal component.
  /// - Throws: `ModelError.unsuitableSeries` when the decomposition fails.
  static func detect(in y: [Double], period: Int, decompositionType: SeasonalDecomposition.Model)
    throws(ModelError) -> (adjustment: ThetaSeasonalAdjustment, seasonal: [Double])?
  {
    guard isSeasonal(y, period: period) else { return nil }
    var type = decompositionType
    if type == .multiplicative && !y.allSatisfy({ $0 > 0 }) { type = .additive }
    var seasonal = try component(of: y, period: period, type: type)
    if type == .multiplicative && seasonal.contains(where: { $0 < 0.01 }) {
      type = .additive
      seasonal = try component(of: y, period: period, type: type)
    }
    return (ThetaSeasonalAdjustment(decompositionType: type, period: period, indices: Array(seasonal.suffix(period))), seasonal)
  }

  /// statsforecast's seasonality test: at least two seasons of a period of four or more, and an
  /// autocorrelation at lag `period` beyond the one-sided 90 % bound.
  static func isSeasonal(_ y: [Double], period: Int) -> Bool {
    guard period >= 4 && y.count >= 2 * period else { return false }
    let r = autocorrelations(y, lags: period)
    let stat = ((1 + 2 * r[1..<period].reduce(0) { $0 + $1 * $1 }) / Double(y.count)).squareRoot()
    return abs(r[period]) / stat > 1.6448536269514722  // the 95 % quantile of the normal distribution
  }

  /// The sample autocorrelations r₀ … r_lags (statsmodels' `acf`, not adjusted): NaN for a
  /// constant series.
  static func autocorrelations(_ y: [Double], lags: Int) -> [Double] {
    let mean = y.reduce(0, +) / Double(y.count)
    let centred = y.map { $0 - mean }
    let variance = centred.reduce(0) { $0 + $1 * $1 }
    return (0...lags).map { lag in
      var sum = 0.0
      for t in 0..<(centred.count - lag) { sum += centred[t] * centred[t + lag] }
      return sum / variance
    }
  }

  private static func component(of y: [Double], period: Int, type: SeasonalDecomposition.Model) throws(ModelError) -> [Double] {
    do { return try SeasonalDecomposition(y, period: period, model: type).seasonal } catch {
      throw .unsuitableSeries("The seasonal decomposition for the theta method failed: \(error)")
    }
  }

  /// `values` with the season removed: divided by, or less, the `seasonal` component.
  func removing(_ seasonal: [Double], from values: [Double]) -> [Double] {
    zip(values, seasonal).map { decompositionType == .multiplicative ? $0 / $1 : $0 - $1 }
  }

  /// `values` with `seasonal` put back.
  func restoring(_ seasonal: [Double], to values: [Double]) -> [Double] {
    zip(values, seasonal).map { decompositionType == .multiplicative ? $0 * $1 : $0 + $1 }
  }

  /// The season of the `horizon` steps after the series: `indices` repeated.
  func forecastIndices(_ horizon: Int) -> [Double] {
    (0..<horizon).map { indices[$0 % period] }
  }

  enum CodingKeys: String, CodingKey {
    case period, indices
    case decompositionType = "decomposition_type"
  }
}
