import Foundation

/// A series with the identifier it has in a long-format file.
public struct NamedSeries: Sendable, Equatable {
  /// The value of the id column (statsforecast's `unique_id`).
  public var id: String
  /// The series.
  public var series: TimeSeries

  /// A series named `id`.
  public init(id: String, series: TimeSeries) {
    self.id = id
    self.series = series
  }
}

/// How to read a long-format CSV of many series — one row per series and date, as statsforecast's
/// `unique_id, ds, y` data frames: `series,date,value`.
public struct LongCSVOptions: Sendable, Equatable {
  /// The column that names the series.
  public var idColumn: String
  /// The date column; the first column other than the id column when nil.
  public var dateColumn: String?
  /// The value column; the first numeric column other than the id and date columns when nil.
  public var valueColumn: String?
  /// Whether missing dates are filled by linear interpolation (otherwise they are an error).
  public var fillGaps: Bool
  /// The delimiter (sniffed unless given) and decimal mark.
  public var dialect: CSVDialect

  /// Options for a file whose series are named in `idColumn`.
  public init(idColumn: String, dateColumn: String? = nil, valueColumn: String? = nil, fillGaps: Bool = false, dialect: CSVDialect = .standard) {
    self.idColumn = idColumn
    self.dateColumn = dateColumn
    self.valueColumn = valueColumn
    self.fillGaps = fillGaps
    self.dialect = dialect
  }
}

extension TimeSeries {
  /// Reads a long-format CSV file of many series, in the order each id first appears. Each series'
  /// rows may be anywhere in the file but must be in date order; each is read, checked and given
  /// its frequency as `read(csv:options:)` does for one series.
  /// - Throws: `SeriesError` naming the file, line, column and value of the first problem.
  public static func readLong(csv path: String, options: LongCSVOptions) throws(SeriesError) -> [NamedSeries] {
    try readLong(table: CSVTable(path: path, dialect: options.dialect), options: options)
  }

  /// Reads long-format CSV `text`; `name` stands for the file in messages.
  public static func readLong(csvText text: String, name: String = "<csv>", options: LongCSVOptions) throws(SeriesError) -> [NamedSeries] {
    try readLong(table: CSVTable(text: text, path: name, dialect: options.dialect), options: options)
  }

  private static func readLong(table: CSVTable, options: LongCSVOptions) throws(SeriesError) -> [NamedSeries] {
    guard !table.records.isEmpty else { throw .emptyFile(path: table.path) }
    let idIndex = try table.column(named: options.idColumn)
    let dateIndex = try options.dateColumn.map { name throws(SeriesError) in try table.column(named: name) }
      ?? table.header.indices.first { $0 != idIndex } ?? idIndex
    guard dateIndex != idIndex else {
      throw .invalidArgument("\(table.path): the id column and the date column are both '\(table.header[idIndex])'; name the dates with --date-column.")
    }
    let valueIndex: Int
    if let name = options.valueColumn {
      valueIndex = try table.column(named: name)
    } else {
      guard let first = table.header.indices.first(where: { $0 != idIndex && $0 != dateIndex && table.isNumeric($0) }) else {
        throw .noNumericColumn(path: table.path, columns: table.header)
      }
      valueIndex = first
    }
    var order: [String] = []
    var rows: [String: [(line: Int, fields: [String])]] = [:]
    for record in table.records {
      let id = idIndex < record.fields.count ? record.fields[idIndex].trimmedOfWhitespace : ""
      guard !id.isEmpty else { throw .emptyCell(path: table.path, line: record.line, column: table.header[idIndex]) }
      if rows[id] == nil { order.append(id) }
      rows[id, default: []].append(record)
    }
    let single = CSVOptions(
      dateColumn: table.header[dateIndex], valueColumns: [table.header[valueIndex]], fillGaps: options.fillGaps, dialect: table.dialect)
    var result: [NamedSeries] = []
    result.reserveCapacity(order.count)
    for id in order {
      // Messages about one series name it beside the file.
      let part = CSVTable(path: "\(table.path), series '\(id)'", header: table.header, records: rows[id]!, dialect: table.dialect)
      result.append(NamedSeries(id: id, series: try TimeSeries(table: part, options: single)))
    }
    return result
  }
}
