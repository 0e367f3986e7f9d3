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
  /// A row with more fields than the header.
  case extraFields(path: String, line: Int, found: Int, expected: Int, delimiter: String)
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
      let suggestion = Self.closest(to: name, in: available).map { " Did you mean '\(Self.excerpt($0))'?" } ?? ""
      return "\(path) has no column '\(Self.excerpt(name))'; its columns are \(Self.list(available)).\(suggestion)"
    case .noNumericColumn(let path, let columns):
      let single = columns.count == 1 ? " The file was read as one column: if its fields are separated by another character, name it with --delimiter." : ""
      return "\(path) has no numeric column after the date column (columns: \(Self.list(columns))). Name the value column with --value-column.\(single)"
    case .nonNumericCell(let path, let line, let column, let value, let hint):
      let place = "\(path), line \(line), column '\(Self.excerpt(column))'"
      if Self.isMissingMarker(value) {
        return "\(place): '\(value)' marks a missing value; missing values are not supported. "
          + "Fill them in (for example by interpolating between neighbours) or remove those rows; a missing date can then be filled with --fill-gaps."
      }
      if let number = Double(value), !(abs(number) <= Self.largestValue) {
        return "\(place): \(Self.excerpt(value)) is out of range: values must be finite and lie between -1e150 and 1e150, so that their squares stay finite. "
          + "Rescale the column (for example to thousands) or fix that row."
      }
      return "\(place): expected a number, found '\(Self.excerpt(value))'. \(hint ?? "Fix or remove that row.")"
    case .emptyCell(let path, let line, let column):
      return "\(path), line \(line), column '\(Self.excerpt(column))': the cell is empty, expected a number. Fill it in or remove the row."
    case .unparseableDate(let path, let line, let column, let value):
      let quote = value.contains("\n") ? " It runs over several lines: is a quote (\") left open on that line?" : ""
      return "\(path), line \(line), column '\(Self.excerpt(column))': cannot read '\(Self.excerpt(value))' as a date.\(quote) "
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
    case .extraFields(let path, let line, let found, let expected, let delimiter):
      let name = delimiter == "\t" ? "tab" : "'\(delimiter)'"
      return "\(path), line \(line): \(found) fields separated by \(name), but the header has \(expected). "
        + "A number written with a thousands separator must be quoted (\"1,234\"); if the fields are separated by another character, name it with --delimiter."
    case .tooShort(let message), .invalidArgument(let message):
      return message
    }
  }

  public var errorDescription: String? { description }

  /// The largest magnitude a value may have: the methods square values and sum the squares, which
  /// must stay finite.
  public static let largestValue = 1e150

  /// The longest part of a value a message quotes.
  static let excerptLength = 80

  /// `text` as a message quotes it: at most 80 characters, line breaks shown as ⏎, and how long it
  /// was when cut.
  static func excerpt(_ text: String) -> String {
    let shown = text.prefix(excerptLength).replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
    guard text.utf8.count > excerptLength, text.count > excerptLength else { return shown }
    return shown + "… (\(text.count) characters)"
  }

  /// Column names quoted for a message: the first 20, then how many more.
  static func list(_ names: [String]) -> String {
    names.prefix(20).map { "'\(excerpt($0))'" }.joined(separator: ", ") + (names.count > 20 ? " and \(names.count - 20) more" : "")
  }

  /// The words data files use for a missing value (pandas' `na_values`, lowercased).
  static let missingMarkers: Set<String> = ["na", "n/a", "nan", "-nan", "null", "none", "nil", "missing", "#n/a", "<na>", "-", "?"]

  /// Whether `cell` is one of those words.
  static func isMissingMarker(_ cell: String) -> Bool {
    cell.utf8.count <= 8 && missingMarkers.contains(cell.lowercased())
  }

  /// The candidate nearest to `name` by edit distance, when it is close enough to be a typo. The
  /// work is bounded: names longer than 64 characters get no suggestion, and only candidates
  /// whose length is within the accepted distance are compared (at most 64 × 64 steps each).
  static func closest(to name: String, in candidates: [String]) -> String? {
    guard name.count <= 64 else { return nil }
    let allowed = max(1, name.count / 3)
    let candidates = candidates.filter { $0.count <= 64 && abs($0.count - name.count) <= allowed }
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
