import Foundation
import ForecastSeries

/// The box the smoothing parameters are estimated in — statsforecast's `lower` and `upper`
/// for α, β, γ, φ.
///
/// As in statsforecast, `initialParameters` narrows the upper bounds of β (to α) and γ (to 1 − α)
/// in place, and an automatic selection hands the same bounds from one candidate model to the
/// next: a model fitted later inherits the narrower bounds of those before it.
struct ETSBounds: Equatable {
  /// Lower bounds of α, β, γ, φ.
  var lower = [0.0001, 0.0001, 0.0001, 0.8]
  /// Upper bounds of α, β, γ, φ.
  var upper = [0.9999, 0.9999, 0.9999, 0.98]
}

extension ETSModel {
  /// The starting smoothing parameters of statsforecast's `initparam` (bounds "both"):
  /// α a fifth of the way into its range divided by `m`, β a tenth of the way up to α,
  /// γ a twentieth of the way up to 1 − α, φ 99% of the way up its range. Narrows `bounds`.
  static func initialParameters(
    _ specification: ETSSpecification, m: Int, alpha fixedAlpha: Double?, bounds: inout ETSBounds
  ) -> (alpha: Double, beta: Double?, gamma: Double?, phi: Double?) {
    let alpha = fixedAlpha ?? bounds.lower[0] + 0.2 * (bounds.upper[0] - bounds.lower[0]) / Double(m)
    var beta: Double?, gamma: Double?, phi: Double?
    if specification.trend != .none {
      bounds.upper[1] = min(bounds.upper[1], alpha)
      beta = bounds.lower[1] + 0.1 * (bounds.upper[1] - bounds.lower[1])
    }
    if specification.season != .none {
      bounds.upper[2] = min(bounds.upper[2], 1 - alpha)
      gamma = bounds.lower[2] + 0.05 * (bounds.upper[2] - bounds.lower[2])
    }
    if specification.damped {
      phi = bounds.lower[3] + 0.99 * (bounds.upper[3] - bounds.lower[3])
    }
    return (alpha, beta, gamma, phi)
  }

  /// The starting states of statsforecast's `initstate`: level, growth (with a trend) and the
  /// first `m − 1` seasonal terms newest first (with a season; the last one follows from them).
  ///
  /// The seasonal terms come from a classical decomposition (statsmodels' `seasonal_decompose`)
  /// with three seasons of data or more, else from a regression on a line and one Fourier pair;
  /// level and growth from a regression line through the first max(10, 2m) seasonally adjusted
  /// values (their mean without a trend).
  /// - Throws: `ModelError.unsuitableSeries` with fewer than 4 values for a seasonal model, or
  ///   values ≤ 0 for a multiplicative season.
  static func initialState(_ y: [Double], m: Int, _ specification: ETSSpecification) throws(ModelError) -> [Double] {
    let n = y.count
    var seasonalStates: [Double] = []
    var adjusted = y
    var m = m
    if specification.season != .none {
      guard n >= 4 else {
        throw .unsuitableSeries("A seasonal ETS model needs at least 4 observations to start from; the series has \(n).")
      }
      let multiplicative = specification.season == .multiplicative
      if multiplicative, let bad = y.firstIndex(where: { $0 <= 0 }) {
        throw .unsuitableSeries("A multiplicative season needs positive values, but value \(bad + 1) is \(y[bad]). Use an additive season.")
      }
      let seasonal: [Double]
      if n < 3 * m {
        seasonal = fourierDetrended(y, m: m, multiplicative: multiplicative)
      } else {
        do {
          seasonal = try SeasonalDecomposition(y, period: m, model: multiplicative ? .multiplicative : .additive).seasonal
        } catch {
          throw .unsuitableSeries("The seasonal decomposition that starts the ETS model failed: \(error.localizedDescription)")
        }
      }
      seasonalStates = (1..<m).reversed().map { seasonal[$0] }
      if multiplicative {
        seasonalStates = seasonalStates.map { max($0, 1e-2) }
        let total = seasonalStates.withUnsafeBufferPointer { ReferenceOrder.numpySum($0, 0..<$0.count) }
        if total > Double(m) {
          let shifted = seasonalStates.map { $0 + 1e-2 }
          let divisor = shifted.withUnsafeBufferPointer { ReferenceOrder.numpySum($0, 0..<$0.count) }
          seasonalStates = seasonalStates.map { $0 / divisor }
        }
        adjusted = zip(y, seasonal).map { $0 / max($1, 1e-2) }
      } else {
        adjusted = zip(y, seasonal).map { $0 - $1 }
      }
    } else {
      m = 1
    }
    let count = min(max(10, 2 * m), n)
    let start = Array(adjusted.prefix(count))
    guard specification.trend != .none else {
      return [ReferenceOrder.numpyMean(start)] + seasonalStates
    }
    let time = (1...count).map(Double.init)
    let line = leastSquares(columns: [[Double](repeating: 1, count: count), time], start)
    var level = line[0], growth = line[1]
    // With multiplicative error, l0 + b0 must not vanish.
    if abs(level + growth) < 1e-8 {
      level *= 1 + 1e-3
      growth *= 1 - 1e-3
    }
    return [level, growth] + seasonalStates
  }

  /// The seasonal part `initstate` takes from a short series (under three seasons): the values
  /// less (or divided by) the line of a regression on a constant, time and one Fourier pair of
  /// period `m`.
  private static func fourierDetrended(_ y: [Double], m: Int, multiplicative: Bool) -> [Double] {
    let n = y.count
    let time = (1...n).map(Double.init)
    var columns = [[Double](repeating: 1, count: n), time]
    let frequency = 1.0 / Double(m)
    columns.append(time.map { cos(2 * Double.pi * frequency * $0) })
    // statsforecast's `fourier` drops the sine where it vanishes (m = 2).
    if abs(2 * frequency - (2 * frequency).rounded()) > Double.ulpOfOne {
      columns.append(time.map { sin(2 * Double.pi * frequency * $0) })
    }
    let coefficients = leastSquares(columns: columns, y)
    return (0..<n).map { i in
      let line = coefficients[0] + coefficients[1] * time[i]
      return multiplicative ? y[i] / line : y[i] - line
    }
  }

  /// The least-squares coefficients of `y` on `columns` (full column rank), by Householder QR —
  /// NumPy's `lstsq` to rounding.
  static func leastSquares(columns: [[Double]], _ y: [Double]) -> [Double] {
    let n = y.count, k = columns.count
    precondition(n >= k && columns.allSatisfy { $0.count == n }, "least squares needs at least as many rows as columns")
    var a = columns  // a[j][i]: column j, row i
    var b = y
    var diagonal = [Double](repeating: 0, count: k)
    for j in 0..<k {
      var norm = 0.0
      for i in j..<n { norm += a[j][i] * a[j][i] }
      norm = norm.squareRoot()
      let alpha = a[j][j] > 0 ? -norm : norm
      // v = x − αe₁, stored in place of the column below the diagonal.
      a[j][j] -= alpha
      let vNorm2 = (j..<n).reduce(0.0) { $0 + a[j][$1] * a[j][$1] }
      diagonal[j] = alpha
      guard vNorm2 > 0 else { continue }
      for c in (j + 1)..<k {
        let dot = (j..<n).reduce(0.0) { $0 + a[j][$1] * a[c][$1] }
        let scale = 2 * dot / vNorm2
        for i in j..<n { a[c][i] -= scale * a[j][i] }
      }
      let dot = (j..<n).reduce(0.0) { $0 + a[j][$1] * b[$1] }
      let scale = 2 * dot / vNorm2
      for i in j..<n { b[i] -= scale * a[j][i] }
    }
    var x = [Double](repeating: 0, count: k)
    for j in stride(from: k - 1, through: 0, by: -1) {
      var sum = b[j]
      for c in (j + 1)..<k { sum -= a[c][j] * x[c] }
      x[j] = sum / diagonal[j]
    }
    return x
  }
}
