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
      // The first column after the date column whose first cell is a number.
      let candidates = table.header.indices.filter { $0 != dateIndex }.sorted { ($0 < dateIndex ? 1 : 0, $0) < ($1 < dateIndex ? 1 : 0, $1) }
      guard let first = candidates.first(where: { index in
        let cell = index < table.records[0].fields.count ? table.records[0].fields[index] : ""
        return table.dialect.looksNumeric(cell)
      }) else { throw .noNumericColumn(path: path, columns: table.header) }
      valueIndices = [first]
    }

    var dates: [Date] = []
    var columns = [[Double]](repeating: [], count: valueIndices.count)
    var firstLine: [Date: Int] = [:]
    for (line, fields) in table.records {
      func cell(_ index: Int) -> String {
        index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
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
        guard let number = table.dialect.number(value), number.isFinite else {
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
    guard let grid = Frequency.inferAllowingGaps(dates), Frequency.missingDates(dates, frequency: grid).count < count else {
      let steps = Set(zip(dates.dropFirst(), dates).map { $0.timeIntervalSince($1) / 86_400 })
      throw .irregularDates(path: path, detail: "steps between dates range from \(formatDays(steps.min()!)) to \(formatDays(steps.max()!))")
    }
    let missing = Frequency.missingDates(dates, frequency: grid)
    guard fillGaps else {
      throw .gaps(path: path, frequency: grid.name, missing: missing.prefix(5).map(DateParsing.format), count: missing.count)
    }
    self = filled(on: grid)
  }

  /// The series on every date of `grid`, missing values linearly interpolated between neighbours.
  func filled(on grid: Frequency) -> TimeSeries {
    var newDates: [Date] = [dates[0]]
    while newDates.last! < dates[count - 1] { newDates.append(grid.advance(dates[0], by: newDates.count)) }
    var positions: [Date: Int] = [:]
    for (i, date) in dates.enumerated() { positions[date] = i }
    let newColumns = columns.map { column -> [Double] in
      var out: [Double] = []
      var previous = 0
      for (j, date) in newDates.enumerated() {
        if let i = positions[date] {
          out.append(column[i])
          previous = i
        } else {
          // Between the known points previous and previous + 1, by position on the grid.
          let left = newDates.firstIndex(of: dates[previous])!, right = newDates.firstIndex(of: dates[previous + 1])!
          let fraction = Double(j - left) / Double(right - left)
          out.append(column[previous] + fraction * (column[previous + 1] - column[previous]))
        }
      }
      return out
    }
    return TimeSeries(dateName: dateName, dates: newDates, columnNames: columnNames, columns: newColumns, frequency: grid)
  }
}

private func formatDays(_ days: Double) -> String {
  days >= 1 ? "\((days * 100).rounded() / 100) days" : "\((days * 24 * 100).rounded() / 100) hours"
}
