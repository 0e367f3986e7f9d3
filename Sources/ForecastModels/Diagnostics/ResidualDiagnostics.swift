import Foundation
import ForecastSeries

/// How a fitted method's one-step errors on the series it was fitted on behave: the residuals
/// over time, their autocorrelation (statsmodels' `acf`) with the ±1.96/√n band of white noise,
/// and the Ljung–Box test of no autocorrelation up to a lag (statsmodels' `acorr_ljungbox`).
///
/// A residual is the actual value minus the forecast of it one step ahead from the values before
/// it, with the method's fitted parameters (`forecast(horizon:after:)`): the method's own fitted
/// values where it has them, one-step forecasts of the same model for every method.
public struct ResidualDiagnostics: Sendable {
  /// The dates of the residuals.
  public var dates: [Date]
  /// actual − one-step forecast, oldest first.
  public var residuals: [Double]
  /// The autocorrelation at lags 1 … `acf.count`.
  public var acf: [Double]
  /// The half-width of the band inside which white noise's autocorrelations fall 95% of the time.
  public var band: Double
  /// The Ljung–Box statistic over lags 1 … `acf.count`.
  public var ljungBox: Double
  /// Its p-value (χ² with `acf.count` degrees of freedom): small values say the residuals are
  /// autocorrelated, so the method left pattern in the data.
  public var ljungBoxPValue: Double

  /// The diagnostics of `model`, fitted on `series`: one-step residuals from two seasons (or the
  /// model's first possible forecast) to the end, and their autocorrelation up to two seasons
  /// (at least 10 lags, at most a quarter of the residuals).
  /// - Throws: `ModelError.unsuitableSeries` when fewer than 8 residuals can be made.
  public init(_ model: any Forecaster, on series: TimeSeries) throws {
    let start = max(2 * series.seasonalPeriod, 3)
    var dates: [Date] = [], residuals: [Double] = []
    if start < series.count {
      for end in start..<series.count {
        guard let forecast = try? model.forecast(horizon: 1, after: series[0..<end]), let value = forecast.values.first, value.isFinite else { continue }
        dates.append(series.dates[end])
        residuals.append(series.values[end] - value)
      }
    }
    guard residuals.count >= 8 else {
      throw ModelError.unsuitableSeries("Residual diagnostics need at least 8 one-step forecasts inside the series; \(model.methodName) gave \(residuals.count).")
    }
    let lags = min(max(2 * series.seasonalPeriod, 10), residuals.count / 4)
    let acf = Self.autocorrelation(residuals, lags: lags)
    let n = Double(residuals.count)
    let statistic = n * (n + 2) * acf.enumerated().reduce(0) { $0 + $1.element * $1.element / (n - Double($1.offset + 1)) }
    self.dates = dates
    self.residuals = residuals
    self.acf = acf
    band = 1.96 / n.squareRoot()
    ljungBox = statistic
    ljungBoxPValue = ChiSquared.survival(statistic, degreesOfFreedom: Double(lags))
  }

  /// The sample autocorrelation at lags 1 … `lags`, as statsmodels' `acf` (adjusted=False):
  /// Σ (xₜ − x̄)(xₜ₊ₖ − x̄) / Σ (xₜ − x̄)².
  public static func autocorrelation(_ values: [Double], lags: Int) -> [Double] {
    let mean = values.reduce(0, +) / Double(values.count)
    let centred = values.map { $0 - mean }
    let denominator = centred.reduce(0) { $0 + $1 * $1 }
    guard denominator > 0 else { return [Double](repeating: 0, count: lags) }
    return (1...max(lags, 1)).prefix(lags).map { lag in
      (0..<centred.count - lag).reduce(0) { $0 + centred[$1] * centred[$1 + lag] } / denominator
    }
  }

  /// The residuals counted into `bins` equal-width bins from their smallest to their largest:
  /// each bin's lower edge and count.
  public func histogram(bins: Int? = nil) -> [(lower: Double, width: Double, count: Int)] {
    let bins = bins ?? Int(log2(Double(residuals.count)).rounded(.up)) + 1  // Sturges
    guard let low = residuals.min(), let high = residuals.max(), high > low else { return [(residuals.first ?? 0, 1, residuals.count)] }
    let width = (high - low) / Double(bins)
    var counts = [Int](repeating: 0, count: bins)
    for value in residuals { counts[min(Int((value - low) / width), bins - 1)] += 1 }
    return counts.enumerated().map { (low + Double($0.offset) * width, width, $0.element) }
  }
}

/// The χ² distribution's upper tail, through the regularized incomplete gamma function
/// (Numerical Recipes' series and continued fraction).
enum ChiSquared {
  /// P(X > x) for X ~ χ²(k).
  static func survival(_ x: Double, degreesOfFreedom k: Double) -> Double {
    guard x > 0 else { return 1 }
    return 1 - regularizedGammaP(k / 2, x / 2)
  }

  /// P(a, x) = γ(a, x) / Γ(a).
  static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
    let logPrefix = a * log(x) - x - lgamma(a)
    if x < a + 1 {
      var term = 1 / a, sum = term, n = a
      for _ in 0..<10_000 {
        n += 1
        term *= x / n
        sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
      }
      return min(sum * exp(logPrefix), 1)
    }
    // Lentz's continued fraction for Q(a, x).
    let tiny = 1e-300
    var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
    for i in 1..<10_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return max(1 - exp(logPrefix) * h, 0)
  }
}
