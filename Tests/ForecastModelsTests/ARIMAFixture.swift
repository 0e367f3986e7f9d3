import Foundation
import ForecastSeries

/// `Fixtures/arima.json`, written by `scripts/make-arima-fixtures.py` from statsforecast 2.1.1,
/// statsmodels and scipy.
struct ARIMAFixture: Decodable {
  struct Interval: Decodable {
    var lower: [Double]
    var upper: [Double]
  }

  /// A fixed-order model and its forecasts.
  struct Fixed: Decodable {
    var series: String
    var order: [Int]
    var seasonalOrder: [Int]
    var period: Int
    var includeMean: Bool
    var includeDrift: Bool
    var description: String
    var coefficientNames: [String]
    var coefficients: [Double]
    var sigma2: Double
    var loglik: Double
    var aic: Double
    var aicc: Double
    var bic: Double
    var mean: [Double]
    var intervals: [String: Interval]
    var statsmodelsLoglik: Double?
    var forwardValues: [Double]
    var forwardMean: [Double]
    var forwardIntervals: [String: Interval]

    enum CodingKeys: String, CodingKey {
      case series, period, description, coefficients, sigma2, loglik, aic, aicc, bic, mean, intervals, order
      case seasonalOrder = "seasonal_order", includeMean = "include_mean", includeDrift = "include_drift"
      case coefficientNames = "coefficient_names", statsmodelsLoglik = "statsmodels_loglik"
      case forwardValues = "forward_values", forwardMean = "forward_mean", forwardIntervals = "forward_intervals"
    }
  }

  /// An automatic choice and its forecasts.
  struct Auto: Decodable {
    var series: String
    var period: Int
    /// statsforecast's `approximation` setting of the search.
    var approximation: Bool
    var description: String
    var coefficientNames: [String]
    var coefficients: [Double]
    var sigma2: Double
    var mean: [Double]
    var intervals: [String: Interval]
    var ndiffs: Int
    var nsdiffs: Int
    var seasonalStrength: Double

    enum CodingKeys: String, CodingKey {
      case series, period, approximation, description, coefficients, sigma2, mean, intervals, ndiffs, nsdiffs
      case coefficientNames = "coefficient_names", seasonalStrength = "seasonal_strength"
    }
  }

  /// scipy's BFGS on a test function.
  struct Minimisation: Decodable {
    var function: String
    var x0: [Double]
    var x: [Double]
    var fun: Double
    var status: Int
    var hessInv: [Double]

    enum CodingKeys: String, CodingKey {
      case function, x0, x, fun, status
      case hessInv = "hess_inv"
    }
  }

  /// statsmodels' STL of the milk series.
  struct Decomposition: Decodable {
    var period: Int
    var seasonalWindow: Int
    var seasonal: [Double]
    var trend: [Double]

    enum CodingKeys: String, CodingKey {
      case period, seasonal, trend
      case seasonalWindow = "seasonal_window"
    }
  }

  /// A pair of polynomials and statsforecast's `getQ0` of them.
  struct Covariance: Decodable {
    var phi: [Double]
    var theta: [Double]
    var q0: [Double]
  }

  /// A model of milk estimated by CSS or ML alone.
  struct Method: Decodable {
    var order: [Int]
    var method: String
    var coefficients: [Double]
    var sigma2: Double
    var loglik: Double
  }

  var levels: [Double]
  var horizon: Int
  var series: [String: [Double]]
  /// Fixed orders reproduced to tight tolerances.
  var fixed: [Fixed]
  /// Fixed orders with a flat likelihood, where the optimiser's end point depends on rounding.
  var flat: [Fixed]
  var auto: [Auto]
  var bfgs: [Minimisation]
  var stl: Decomposition
  var q0: [Covariance]
  var methods: [Method]

  /// The fixture, read once.
  static let shared: ARIMAFixture = try! fixture("arima", as: ARIMAFixture.self)

  /// The named series: the bundled milk series, or a bench series' training part dated monthly
  /// or quarterly from January 2000.
  func timeSeries(_ name: String, period: Int) throws -> TimeSeries {
    if name == "milk" { return try milk() }
    return Self.dated(series[name]!, period: period)
  }

  /// `values` dated monthly (period 12) or quarterly (period 4) from January 2000.
  static func dated(_ values: [Double], period: Int) -> TimeSeries {
    let frequency = Frequency(period == 4 ? .quarterStart(anchorMonth: 1) : .monthStart)
    var dates = [DateParsing.parse("2000-01-01")!]
    while dates.count < values.count { dates.append(frequency.advance(dates[dates.count - 1], by: 1)) }
    return TimeSeries(dates: dates, columnNames: ["value"], columns: [values], frequency: frequency)
  }
}

/// Whether every `ours[i]` is within `tolerance · max(|theirs[i]|, floor)` of `theirs[i]`:
/// relative, down to `floor` (0 by default: purely relative); false for NaN and for different
/// lengths.
func relativelyClose(_ ours: [Double], _ theirs: [Double], tolerance: Double, floor: Double = 0) -> Bool {
  ours.count == theirs.count && zip(ours, theirs).allSatisfy { abs($0 - $1) <= tolerance * max(abs($1), floor) }
}

/// The mean absolute value of `values`: the scale forecasts of a series are compared at.
func scale(of values: [Double]) -> Double {
  values.reduce(0) { $0 + abs($1) } / Double(values.count)
}

/// The largest relative difference `|ours − theirs| / max(|theirs|, floor)`, NaN when any
/// difference is NaN (for messages only; tests decide with `allClose` or `relativelyClose`).
func worstDifference(_ ours: [Double], _ theirs: [Double], floor: Double = 1) -> Double {
  guard ours.count == theirs.count else { return .nan }
  var worst = 0.0
  for (a, b) in zip(ours, theirs) {
    let difference = abs(a - b) / max(abs(b), floor)
    if difference.isNaN { return .nan }
    worst = max(worst, difference)
  }
  return worst
}
