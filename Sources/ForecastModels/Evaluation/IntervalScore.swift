import ForecastSeries

/// How well prediction intervals did on a test part: the share of actual values inside each
/// level's interval, and the mean scaled interval score (MSIS, Gneiting & Raftery 2007, as the M4
/// competition scores intervals) of the widest level.
public struct IntervalScore: Sendable, Equatable, Codable {
  /// Per level (percent), the fraction of actual values inside the interval.
  public var coverage: [Double: Double]
  /// The level MSIS is computed at (the widest given; M4 uses 95).
  public var msisLevel: Double
  /// mean[(U − L) + (2/α)(L − y)·1(y < L) + (2/α)(y − U)·1(y > U)] ÷ the in-sample mean absolute
  /// seasonal difference of the training part (the MASE scale), α = 1 − level/100.
  public var msis: Double

  /// The score of `intervals` (at least one) against `actual`; `training` and `period` give the
  /// scale, as for MASE (lag 1 when the training part is no longer than a period).
  /// - Throws: `SeriesError.invalidArgument` for lengths that differ, no intervals, or a training
  ///   part of one value.
  public init(actual: [Double], intervals: [PredictionInterval], training: [Double], period: Int) throws(SeriesError) {
    guard let widest = intervals.max(by: { $0.level < $1.level }), !actual.isEmpty,
          intervals.allSatisfy({ $0.lower.count == actual.count && $0.upper.count == actual.count }) else {
      throw .invalidArgument("Interval scores need at least one interval with a bound per actual value.")
    }
    let lag = training.count > period ? max(period, 1) : 1
    guard training.count > lag else { throw .invalidArgument("The interval score's scale needs more than \(lag) training values, found \(training.count).") }
    let scale = (lag..<training.count).reduce(0) { $0 + abs(training[$1] - training[$1 - lag]) } / Double(training.count - lag)
    let n = Double(actual.count)
    var coverage: [Double: Double] = [:]
    for interval in intervals {
      coverage[interval.level] = Double(actual.indices.filter { interval.lower[$0] <= actual[$0] && actual[$0] <= interval.upper[$0] }.count) / n
    }
    let alpha = 1 - widest.level / 100
    let score = actual.indices.reduce(0.0) { sum, i in
      let (l, u, y) = (widest.lower[i], widest.upper[i], actual[i])
      return sum + (u - l) + (y < l ? 2 / alpha * (l - y) : 0) + (y > u ? 2 / alpha * (y - u) : 0)
    }
    self.coverage = coverage
    msisLevel = widest.level
    msis = score / n / scale
  }

  enum CodingKeys: String, CodingKey {
    case coverage, msis
    case msisLevel = "msis_level"
  }

  /// Reads a score whose coverage is keyed by the level as text (`"80"`), as JSON objects are.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let text = try container.decode([String: Double].self, forKey: .coverage)
    coverage = Dictionary(uniqueKeysWithValues: text.compactMap { key, value in Double(key).map { ($0, value) } })
    msisLevel = try container.decode(Double.self, forKey: .msisLevel)
    msis = try container.decode(Double.self, forKey: .msis)
  }

  /// Writes the coverage keyed by the level as text (`"80"`).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    let text = Dictionary(uniqueKeysWithValues: coverage.map { level, value in
      (level == level.rounded() ? String(Int(level)) : String(level), value)
    })
    try container.encode(text, forKey: .coverage)
    try container.encode(msisLevel, forKey: .msisLevel)
    try container.encode(msis, forKey: .msis)
  }
}
