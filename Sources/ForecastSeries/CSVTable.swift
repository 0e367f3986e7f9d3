import CSV
import Foundation

/// A CSV file read whole through yaslab/CSV.swift: the header and every record with the line it
/// starts on. Handles quoted fields (with separators and line breaks inside), a UTF-8 byte-order
/// mark, CRLF line ends, and the delimiter of its `CSVDialect` (sniffed unless given). Blank lines
/// are skipped, as pandas skips them.
struct CSVTable {
  /// Where the table came from, for messages.
  var path: String
  /// The column names of the header line.
  var header: [String]
  /// The data records, each with the 1-based line number it starts on.
  var records: [(line: Int, fields: [String])]
  /// How the file writes fields and numbers, with the delimiter it was read with.
  var dialect: CSVDialect

  /// A table from its parts.
  init(path: String, header: [String], records: [(line: Int, fields: [String])], dialect: CSVDialect) {
    self.path = path
    self.header = header
    self.records = records
    self.dialect = dialect
  }

  /// Reads the file at `path`.
  init(path: String, dialect: CSVDialect) throws(SeriesError) {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      let reason = FileManager.default.fileExists(atPath: path) ? "the file cannot be opened" : "no such file"
      throw .unreadableFile(path: path, reason: reason)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .unreadableFile(path: path, reason: "the file is not UTF-8 text")
    }
    try self.init(text: text, path: path, dialect: dialect)
  }

  /// Parses `text`; `path` only names it in messages.
  init(text: String, path: String, dialect: CSVDialect) throws(SeriesError) {
    self.path = path
    var text = text
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let delimiter = dialect.delimiter(of: text[...])
    self.dialect = dialect
    self.dialect.delimiter = delimiter
    let reader: CSVReader
    do { reader = try CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter.unicodeScalars.first!) } catch {
      throw .emptyFile(path: path)
    }
    header = (reader.headerRow ?? []).map { $0.trimmedOfWhitespace }
    guard !header.isEmpty, header != [""] else { throw .emptyFile(path: path) }
    var line = 2 + Self.lineBreaks(in: reader.headerRow ?? [])
    var records: [(Int, [String])] = []
    while let row = reader.next() {
      if !row.allSatisfy({ $0.trimmedOfWhitespace.isEmpty }) {
        // Fields past the header's are an error unless empty (a trailing delimiter), as in pandas.
        if row.count > header.count, !row[header.count...].allSatisfy({ $0.trimmedOfWhitespace.isEmpty }) {
          throw .extraFields(path: path, line: line, found: row.count, expected: header.count, delimiter: String(delimiter))
        }
        records.append((line, row))
      }
      line += 1 + Self.lineBreaks(in: row)
    }
    if let error = reader.error {
      throw .unreadableFile(path: path, reason: "the CSV reader stopped at line \(line): \(error)")
    }
    self.records = records
  }

  /// Line breaks inside quoted fields, so record line numbers stay those of the file.
  private static func lineBreaks(in fields: [String]) -> Int {
    fields.reduce(0) { count, field in
      count + field.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
    }
  }

  /// The index of the column called `name`, or an error listing the columns there are.
  func column(named name: String) throws(SeriesError) -> Int {
    if let index = header.firstIndex(of: name) { return index }
    if let index = header.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return index }
    throw .unknownColumn(path: path, name: name, available: header)
  }
}
