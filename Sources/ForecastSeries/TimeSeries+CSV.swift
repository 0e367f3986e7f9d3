import Foundation

/// How to read a dated CSV into a `TimeSeries`, as `pd.read_csv(index_col=…, parse_dates=True)`.
public struct CSVOptions: Sendable, Equatable {
  /// The date column; the first column when nil.
  public var dateColumn: String?
  /// The value columns; the first numeric column after the date column when empty.
  public var valueColumns: [String]
  /// Whether missing dates in a regular series are filled by linear interpolation
  /// (otherwise they are an error that lists them).
  public var fillGaps: Bool
  /// The delimiter (sniffed unless given) and decimal mark.
  public var dialect: CSVDialect

  /// Options; the defaults read the first column as dates and the first numeric one as values.
  public init(dateColumn: String? = nil, valueColumns: [String] = [], fillGaps: Bool = false, dialect: CSVDialect = .standard) {
    self.dateColumn = dateColumn
    self.valueColumns = valueColumns
    self.fillGaps = fillGaps
    self.dialect = dialect
  }
}

extension TimeSeries {
  /// Reads the CSV file at `path`.
  /// - Throws: `SeriesError` naming the file, line, column and value of the first problem.
  public static func read(csv path: String, options: CSVOptions = CSVOptions()) throws(SeriesError) -> TimeSeries {
    try TimeSeries(table: CSVTable(path: path, dialect: options.dialect), options: options)
  }

  /// Reads CSV `text`; `name` stands for the file in messages.
  public static func read(csvText text: String, name: String = "<csv>", options: CSVOptions = CSVOptions()) throws(SeriesError) -> TimeSeries {
    try TimeSeries(table: CSVTable(text: text, path: name, dialect: options.dialect), options: options)
  }

  init(table: CSVTable, options: CSVOptions) throws(SeriesError) {
    let path = table.path
    guard !table.records.isEmpty else { throw .emptyFile(path: path) }
    let dateIndex = try options.dateColumn.map { name throws(SeriesError) in try table.column(named: name) } ?? 0
    let dateName = table.header[dateIndex]
    var valueIndices: [Int] = []
    for name in options.valueColumns { valueIndices.append(try table.column(named: name)) }
    if valueIndices.isEmpty {
      // The first column after the date column that is numeric down the whole file (an empty
      // first cell then fails on its line instead of silently choosing the next column).
      let candidates = table.header.indices.filter { $0 != dateIndex }.sorted { ($0 < dateIndex ? 1 : 0, $0) < ($1 < dateIndex ? 1 : 0, $1) }
      guard let first = candidates.first(where: table.isNumeric) else { throw .noNumericColumn(path: path, columns: table.header) }
      valueIndices = [first]
    }

    var dates: [Date] = []
    var columns = [[Double]](repeating: [], count: valueIndices.count)
    var firstLine: [Date: Int] = [:]
    for (line, fields) in table.records {
      func cell(_ index: Int) -> String {
        index < fields.count ? fields[index].trimmedOfWhitespace : ""
      }
      let text = cell(dateIndex)
      guard let date = DateParsing.parse(text) else {
        throw .unparseableDate(path: path, line: line, column: dateName, value: text)
      }
      if let seen = firstLine[date] {
        throw .duplicateDate(path: path, line: line, date: text, firstLine: seen)
      }
      if let previous = dates.last, date < previous {
        throw .unsortedDates(path: path, line: line, date: text, previous: DateParsing.format(previous))
      }
      firstLine[date] = line
      dates.append(date)
      for (k, index) in valueIndices.enumerated() {
        let value = cell(index)
        guard !value.isEmpty else { throw .emptyCell(path: path, line: line, column: table.header[index]) }
        guard let number = table.dialect.number(value), abs(number) <= SeriesError.largestValue else {
          throw .nonNumericCell(path: path, line: line, column: table.header[index], value: value, hint: table.dialect.hint(forUnreadable: value))
        }
        columns[k].append(number)
      }
    }
    self.init(dateName: dateName, dates: dates, columnNames: valueIndices.map { table.header[$0] }, columns: columns, frequency: nil)
    try regularize(path: path, fillGaps: options.fillGaps)
  }

  /// Infers the frequency; a series with missing dates is filled (when asked) or rejected.
  private mutating func regularize(path: String, fillGaps: Bool) throws(SeriesError) {
    guard count >= 3 else { return }
    if let frequency = Frequency.infer(dates) {
      self.frequency = frequency
      return
    }
    // A grid on which most dates would be missing describes no series: call that irregular.
    guard let grid = Frequency.inferAllowingGaps(dates), Frequency.missingDates(dates, frequency: grid, limit: count).count < count else {
      throw .irregularDates(path: path, detail: irregularity())
    }
    let missing = Frequency.missingDates(dates, frequency: grid, limit: count)
    guard fillGaps else {
      throw .gaps(path: path, frequency: grid.name, missing: missing.prefix(5).map(DateParsing.format), count: missing.count)
    }
    self = filled(on: grid)
  }

  /// Why the dates fit no supported frequency, for the irregular-dates message: one step that is
  /// not a whole number of hours, steps of 28 to 31 days off midnight UTC (a month moved by a UTC
  /// offset), or the range of the steps.
  private func irregularity() -> String {
    let steps = zip(dates.dropFirst(), dates).map { $0.timeIntervalSince($1) }
    let (shortest, longest) = (steps.min()!, steps.max()!)
    if shortest == longest {
      return "every date is \(formatDays(shortest / 86_400)) after the one before; steps shorter than an hour or not a whole number of hours are not supported"
    }
    let day = 86_400.0
    if shortest >= 28 * day, longest <= 31 * day, let offDate = dates.first(where: { $0.timeIntervalSince1970.truncatingRemainder(dividingBy: day) != 0 }) {
      return "the steps of 28 to 31 days look monthly, but \(DateParsing.format(offDate)) UTC is not at midnight: a UTC offset such as +01:00 moves the first of a month "
        + "into the month before. Give the dates without an offset (2021-02-01 rather than 2021-02-01T00:00+01:00)"
    }
    return "steps between dates range from \(formatDays(shortest / 86_400)) to \(formatDays(longest / 86_400))"
  }

  /// The series on every date of `grid`, missing values linearly interpolated between neighbours,
  /// in one pass over the grid (the dates are sorted and lie on it).
  func filled(on grid: Frequency) -> TimeSeries {
    var newDates: [Date] = [dates[0]]
    // Where each known date lands on the grid.
    var known: [Int] = [0]
    for date in dates.dropFirst() {
      while newDates.last! < date { newDates.append(grid.advance(dates[0], by: newDates.count)) }
      known.append(newDates.count - 1)
    }
    let newColumns = columns.map { column -> [Double] in
      var out: [Double] = []
      out.reserveCapacity(newDates.count)
      for i in 0..<count - 1 {
        let (left, right) = (known[i], known[i + 1])
        for j in left..<right {
          // Between the known points i and i + 1, by position on the grid.
          let fraction = Double(j - left) / Double(right - left)
          out.append(j == left ? column[i] : column[i] + fraction * (column[i + 1] - column[i]))
        }
      }
      out.append(column[count - 1])
      return out
    }
    return TimeSeries(dateName: dateName, dates: newDates, columnNames: columnNames, columns: newColumns, frequency: grid)
  }
}

extension CSVTable {
  /// Whether column `index` is a column of numbers: most of its cells that are neither empty nor
  /// missing markers (`NA`, `nan`…) are numbers in the file's dialect (or in the other decimal
  /// convention, so those cells are reported with a hint), down the whole file, so a blank or bad
  /// cell on some row is reported on that row instead of making another column the values.
  func isNumeric(_ index: Int) -> Bool {
    var (numbers, others) = (0, 0)
    for record in records {
      let cell = index < record.fields.count ? record.fields[index].trimmedOfWhitespace : ""
      if cell.isEmpty || SeriesError.isMissingMarker(cell) { continue }
      if dialect.looksNumeric(cell) { numbers += 1 } else { others += 1 }
    }
    return numbers > 0 && numbers >= others
  }
}

private func formatDays(_ days: Double) -> String {
  days >= 1 ? "\((days * 100).rounded() / 100) days" : "\((days * 24 * 100).rounded() / 100) hours"
}
