/// The three orders of one part of an ARIMA model: `(p, d, q)` for the non-seasonal part and
/// `(P, D, Q)` for the seasonal one, as statsforecast's `order` and `seasonal_order`.
///
/// ```swift
/// ARIMA(order: ARIMAOrder(0, 1, 1), seasonalOrder: ARIMAOrder(0, 1, 1))  // the airline model
/// ```
public struct ARIMAOrder: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The autoregressive order (`p`, or `P` in a seasonal order).
  public var p: Int
  /// The number of differences (`d`, or `D` — seasonal differences — in a seasonal order).
  public var d: Int
  /// The moving-average order (`q`, or `Q` in a seasonal order).
  public var q: Int

  /// The orders `(p, d, q)`.
  public init(_ p: Int, _ d: Int, _ q: Int) {
    self.p = p
    self.d = d
    self.q = q
  }

  /// `(0, 0, 0)`: no terms, as statsforecast's default orders.
  public static let none = ARIMAOrder(0, 0, 0)

  /// `(p,d,q)`, as statsforecast's `arima_string` writes it.
  public var description: String { "(\(p),\(d),\(q))" }

  /// Whether every order is zero.
  var isEmpty: Bool { p == 0 && d == 0 && q == 0 }
}

/// How the coefficients of an ARIMA model are estimated, as statsforecast's `method`.
public enum ARIMAMethod: String, Sendable, Codable, CaseIterable {
  /// Conditional sum of squares: the residuals after the first `p + d + m·(P + D)` observations
  /// are minimised. Fast, but no likelihood, so no information criteria.
  case css = "CSS"
  /// Exact Gaussian maximum likelihood through the Kalman filter, started from zero. As in
  /// statsforecast, a differenced model's optimiser usually cannot leave that start (the
  /// filter's memory carries over between evaluations, see `ARIMA`), so its coefficients stay
  /// zero: prefer CSS-ML.
  case ml = "ML"
  /// Conditional sum of squares for a start, then exact maximum likelihood (the default).
  case cssML = "CSS-ML"
}

/// The regressor an ARIMA model may carry besides its ARMA terms, as statsforecast's `arima`
/// builds it: an intercept (a non-zero mean) for an undifferenced model, or a drift (the time
/// index 1…n) for a model differenced once.
enum ARIMARegressor: String, Sendable, Codable {
  case none, intercept, drift

  /// The regressor's column for observations `1…count` after `offset` earlier ones: ones, or
  /// the time index `offset + 1 … offset + count`.
  func column(count: Int, offset: Int = 0) -> [Double]? {
    switch self {
    case .none: return nil
    case .intercept: return [Double](repeating: 1, count: count)
    case .drift: return (0..<count).map { Double(offset + $0 + 1) }
    }
  }

  /// The coefficient's name in statsforecast's `coef`.
  var coefficientName: String? {
    switch self {
    case .none: return nil
    case .intercept: return "intercept"
    case .drift: return "drift"
    }
  }
}

/// An ARIMA model's orders and seasonal period: statsforecast's `arma` vector
/// `(p, q, P, Q, m, d, D)` with names.
struct ARIMASpecification: Sendable, Hashable, Codable {
  /// `(p, d, q)`.
  var order: ARIMAOrder
  /// `(P, D, Q)`.
  var seasonal: ARIMAOrder
  /// The seasonal period `m` (1 for none).
  var period: Int

  /// The number of ARMA coefficients, `p + q + P + Q`.
  var armaCount: Int { order.p + order.q + seasonal.p + seasonal.q }
  /// The number of differences of both kinds, `d + D`.
  var differences: Int { order.d + seasonal.d }
  /// The observations lost to differencing, `d + m·D`.
  var differencedAway: Int { order.d + period * seasonal.d }
  /// The observations the conditional sum of squares conditions on, `p + d + m·(P + D)`.
  var conditioningCount: Int { order.p + order.d + period * (seasonal.p + seasonal.d) }

  /// The coefficients of the differencing polynomial `(1 − B)^d (1 − B^m)^D` after its leading 1,
  /// negated — statsforecast's `Delta`: the observation is `Σ Delta[i]·y[t−1−i]` plus the
  /// differenced series.
  var delta: [Double] {
    var polynomial: [Double] = [1]
    func multiply(by factor: [Double]) {
      var product = [Double](repeating: 0, count: polynomial.count + factor.count - 1)
      for (i, a) in polynomial.enumerated() { for (j, b) in factor.enumerated() { product[i + j] += a * b } }
      polynomial = product
    }
    for _ in 0..<order.d { multiply(by: [1, -1]) }
    let seasonalFactor = [1] + [Double](repeating: 0, count: max(period - 1, 0)) + [-1]
    for _ in 0..<seasonal.d { multiply(by: seasonalFactor) }
    return polynomial.dropFirst().map { -$0 }
  }

  /// The names of the ARMA coefficients in statsforecast's order: `ar1…`, `ma1…`, `sar1…`, `sma1…`.
  var coefficientNames: [String] {
    (0..<order.p).map { "ar\($0 + 1)" } + (0..<order.q).map { "ma\($0 + 1)" }
      + (0..<seasonal.p).map { "sar\($0 + 1)" } + (0..<seasonal.q).map { "sma\($0 + 1)" }
  }

  /// `ARIMA(p,d,q)(P,D,Q)[m]`, the seasonal part only when it has terms — statsforecast's
  /// `arima_string` without the regressor's words.
  var orderText: String {
    var text = "ARIMA\(order)"
    if period > 1 && !seasonal.isEmpty { text += "\(seasonal)[\(period)]" }
    return text
  }
}
