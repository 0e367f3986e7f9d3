import Foundation

/// Everything that can go wrong in ForecastSeries because of the data or the options, with
/// where it happened and what to do about it.
public enum SeriesError: Error, Equatable, Sendable {
  /// The file is missing or cannot be read.
  case unreadableFile(path: String, reason: String)
  /// The file has no header or no data rows.
  case emptyFile(path: String)
  /// A column name that the file does not have.
  case unknownColumn(path: String, name: String, available: [String])
  /// The file has no numeric column to use as values.
  case noNumericColumn(path: String, columns: [String])
  /// A cell that should hold a number does not; `hint` names the likely cause when there is one.
  case nonNumericCell(path: String, line: Int, column: String, value: String, hint: String? = nil)
  /// A cell that should hold a number is empty.
  case emptyCell(path: String, line: Int, column: String)
  /// A date that none of the known formats parse.
  case unparseableDate(path: String, line: Int, column: String, value: String)
  /// The same date twice.
  case duplicateDate(path: String, line: Int, date: String, firstLine: Int)
  /// A date earlier than the one before it.
  case unsortedDates(path: String, line: Int, date: String, previous: String)
  /// Dates with no regular spacing that a frequency could describe.
  case irregularDates(path: String, detail: String)
  /// Missing dates in an otherwise regular series.
  case gaps(path: String, frequency: String, missing: [String], count: Int)
  /// Too few observations for what was asked.
  case tooShort(String)
  /// An option or argument outside what is allowed.
  case invalidArgument(String)
}

extension SeriesError: CustomStringConvertible, LocalizedError {
  public var description: String {
    switch self {
    case .unreadableFile(let path, let reason):
      return "Cannot read \(path): \(reason)."
    case .emptyFile(let path):
      return "\(path) has no data rows: expected a header line and at least one row of a date and a value."
    case .unknownColumn(let path, let name, let available):
      let suggestion = Self.closest(to: name, in: available).map { " Did you mean '\($0)'?" } ?? ""
      return "\(path) has no column '\(name)'; its columns are \(available.map { "'\($0)'" }.joined(separator: ", ")).\(suggestion)"
    case .noNumericColumn(let path, let columns):
      let single = columns.count == 1 ? " The file was read as one column: if its fields are separated by another character, name it with --delimiter." : ""
      return "\(path) has no numeric column after the date column (columns: \(columns.joined(separator: ", "))). Name the value column with --value-column.\(single)"
    case .nonNumericCell(let path, let line, let column, let value, let hint):
      return "\(path), line \(line), column '\(column)': expected a number, found '\(value)'. \(hint ?? "Fix or remove that row.")"
    case .emptyCell(let path, let line, let column):
      return "\(path), line \(line), column '\(column)': the cell is empty, expected a number. Fill it in or remove the row."
    case .unparseableDate(let path, let line, let column, let value):
      return "\(path), line \(line), column '\(column)': cannot read '\(value)' as a date. "
        + "Use YYYY-MM-DD, YYYY-MM, YYYY, an ISO-8601 timestamp or a month name such as 'Jan 1949'; "
        + "or choose another --date-column."
    case .duplicateDate(let path, let line, let date, let firstLine):
      return "\(path), line \(line): the date \(date) already appears on line \(firstLine). Each date may appear once."
    case .unsortedDates(let path, let line, let date, let previous):
      return "\(path), line \(line): the date \(date) comes after \(previous); dates must be in increasing order. Sort the file by date."
    case .irregularDates(let path, let detail):
      return "\(path): the dates are not regularly spaced (\(detail)); expected hourly, daily, weekly, monthly, quarterly or yearly data."
    case .gaps(let path, let frequency, let missing, let count):
      let listed = missing.prefix(5).joined(separator: ", ") + (count > 5 ? ", …" : "")
      return "\(path): the \(frequency) series has \(count) missing date\(count == 1 ? "" : "s") (\(listed)). "
        + "Add the missing rows, or pass --fill-gaps to fill them by linear interpolation."
    case .tooShort(let message), .invalidArgument(let message):
      return message
    }
  }

  public var errorDescription: String? { description }

  /// The candidate nearest to `name` by edit distance, when it is close enough to be a typo.
  static func closest(to name: String, in candidates: [String]) -> String? {
    func distance(_ a: String, _ b: String) -> Int {
      let a = Array(a.lowercased()), b = Array(b.lowercased())
      var row = Array(0...b.count)
      for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
          let current = row[j]
          row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
          previous = current
        }
      }
      return row[b.count]
    }
    guard let best = candidates.min(by: { distance(name, $0) < distance(name, $1) }) else { return nil }
    let d = distance(name, best)
    return d < name.count && d <= max(1, name.count / 3) ? best : nil
  }
}
