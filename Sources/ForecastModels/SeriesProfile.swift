import Foundation
import ForecastSeries

/// What a fitted model remembers of the series it was fitted on: enough to date its forecasts,
/// and to tell whether new data is of the same kind.
public struct SeriesProfile: Sendable, Equatable, Codable {
  /// The name of the value column fitted on.
  public var valueColumn: String
  /// The spacing of the dates, when known.
  public var frequency: Frequency?
  /// The seasonal period the method used (1 for none).
  public var period: Int
  /// The number of observations fitted on.
  public var count: Int
  /// The last date fitted on; forecasts start one step after it.
  public var lastDate: Date
  /// The smallest and largest value fitted on (nil in files written before they were recorded).
  public var range: ClosedRange<Double>?

  /// The profile of `series`, fitted with seasonal period `period`.
  public init(_ series: TimeSeries, period: Int) {
    precondition(series.count > 0, "A profile needs at least one observation")
    valueColumn = series.columnNames[0]
    frequency = series.frequency
    self.period = period
    count = series.count
    lastDate = series.dates[series.count - 1]
    range = series.values.min().flatMap { low in series.values.max().map { low...$0 } }
  }

  /// A profile from its parts.
  public init(valueColumn: String, frequency: Frequency?, period: Int, count: Int, lastDate: Date, range: ClosedRange<Double>? = nil) {
    self.valueColumn = valueColumn
    self.frequency = frequency
    self.period = period
    self.count = count
    self.lastDate = lastDate
    self.range = range
  }

  /// The `horizon` dates after `lastDate`.
  /// - Throws: `ModelError.unsuitableSeries` when the frequency is unknown,
  ///   `ModelError.invalidSetting` when the dates would go past the year 9999.
  public func futureDates(_ horizon: Int) throws(ModelError) -> [Date] {
    guard let frequency else {
      throw .unsuitableSeries("The series' frequency is unknown (it needs at least three regularly spaced dates), so forecasts cannot be dated.")
    }
    do {
      return try frequency.dates(after: lastDate, count: horizon)
    } catch {
      throw .invalidSetting(error.description)
    }
  }

  /// How `series` differs from the series fitted on — its value column or its frequency — in a
  /// sentence; nil when it looks like the same kind of data.
  public func mismatch(with series: TimeSeries) -> String? {
    let column = series.columnNames.first ?? ""
    let sameColumn = column == valueColumn
    let sameFrequency = frequency == nil || series.frequency == nil || frequency == series.frequency
    guard !sameColumn || !sameFrequency else { return nil }
    func describe(_ name: String, _ frequency: Frequency?) -> String {
      "'\(name)'" + (frequency.map { ", \($0.name) (\($0.alias))" } ?? "")
    }
    return "The model was fitted on \(describe(valueColumn, frequency)) data, but this series is \(describe(column, series.frequency))."
  }

  enum CodingKeys: String, CodingKey {
    case frequency, period, count, minimum, maximum
    case valueColumn = "value_column", lastDate = "last_date"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    valueColumn = try container.decode(String.self, forKey: .valueColumn)
    frequency = try container.decodeIfPresent(Frequency.self, forKey: .frequency)
    period = try container.decode(Int.self, forKey: .period)
    count = try container.decode(Int.self, forKey: .count)
    let text = try container.decode(String.self, forKey: .lastDate)
    guard let date = DateParsing.parse(text) else {
      throw DecodingError.dataCorruptedError(forKey: .lastDate, in: container, debugDescription: "'\(text)' is not a date")
    }
    lastDate = date
    if let low = try container.decodeIfPresent(Double.self, forKey: .minimum),
       let high = try container.decodeIfPresent(Double.self, forKey: .maximum), low <= high {
      range = low...high
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(valueColumn, forKey: .valueColumn)
    try container.encodeIfPresent(frequency, forKey: .frequency)
    try container.encode(period, forKey: .period)
    try container.encode(count, forKey: .count)
    try container.encode(DateParsing.format(lastDate), forKey: .lastDate)
    try container.encodeIfPresent(range?.lowerBound, forKey: .minimum)
    try container.encodeIfPresent(range?.upperBound, forKey: .maximum)
  }
}

extension TimeSeries {
  /// The usual seasonal period of the series' frequency (12 for monthly, 4 for quarterly data),
  /// 1 when the frequency is unknown.
  public var seasonalPeriod: Int { frequency?.seasonalPeriod ?? 1 }

  /// How far ahead to test and forecast when nobody says: one season (12 for monthly, 7 for daily,
  /// 4 for quarterly, 24 for hourly data), at least 4 observations.
  public var defaultHorizon: Int { max(seasonalPeriod, 4) }
}
