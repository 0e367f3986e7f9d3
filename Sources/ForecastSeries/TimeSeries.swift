import Foundation

/// A dated series: one or more `Double` columns over increasing, regularly spaced dates,
/// like a pandas `DataFrame` with a `DatetimeIndex`.
public struct TimeSeries: Sendable, Equatable {
  /// The name of the date index (the CSV's date column).
  public var dateName: String
  /// The dates, strictly increasing.
  public var dates: [Date]
  /// The column names.
  public var columnNames: [String]
  /// The values, one array per column, each as long as `dates`.
  public var columns: [[Double]]
  /// The spacing of the dates, when one could be inferred (three dates or more).
  public var frequency: Frequency?

  /// A series from parts of equal length.
  public init(dateName: String = "date", dates: [Date], columnNames: [String], columns: [[Double]], frequency: Frequency?) {
    precondition(columnNames.count == columns.count && columns.allSatisfy { $0.count == dates.count },
                 "Every column needs one value per date")
    self.dateName = dateName
    self.dates = dates
    self.columnNames = columnNames
    self.columns = columns
    self.frequency = frequency
  }

  /// The number of observations.
  public var count: Int { dates.count }

  /// The first column: the series being forecast.
  public var values: [Double] { columns[0] }

  /// The observations in `range`, keeping names and frequency.
  public subscript(range: Range<Int>) -> TimeSeries {
    TimeSeries(dateName: dateName, dates: Array(dates[range]), columnNames: columnNames,
               columns: columns.map { Array($0[range]) }, frequency: frequency)
  }

  /// The last `testSize` observations as the test part, the rest as training part, in order.
  /// - Throws: `SeriesError.tooShort` unless both parts are non-empty.
  public func split(testSize: Int) throws(SeriesError) -> (train: TimeSeries, test: TimeSeries) {
    guard testSize >= 1 && testSize < count else {
      throw .tooShort("Cannot hold out \(testSize) test observations from a series of \(count): the test size must be between 1 and \(count - 1).")
    }
    return (self[0..<count - testSize], self[count - testSize..<count])
  }

  /// Observations before `date` as training part, from `date` on as test part.
  public func split(at date: Date) throws(SeriesError) -> (train: TimeSeries, test: TimeSeries) {
    let index = dates.firstIndex { $0 >= date } ?? count
    guard index > 0 && index < count else {
      throw .tooShort("Splitting at \(DateParsing.format(date)) leaves an empty part: the series runs from \(DateParsing.format(dates[0])) to \(DateParsing.format(dates[count - 1])).")
    }
    return (self[0..<index], self[index..<count])
  }

  /// The `n` dates after the last one, at the series' frequency.
  /// - Throws: when no frequency is known, or when the dates would go past the year 9999.
  public func futureDates(_ n: Int) throws(SeriesError) -> [Date] {
    guard let frequency else {
      throw .tooShort("The series' frequency is unknown (it needs at least three regularly spaced dates), so future dates cannot be given.")
    }
    return try frequency.dates(after: dates[count - 1], count: n)
  }
}
