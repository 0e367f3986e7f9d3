import Foundation

/// How a CSV file writes its fields and numbers, as pandas' `read_csv(sep=…, decimal=…,
/// thousands=…)`: the field delimiter (sniffed from the first lines unless given) and the decimal
/// mark. Thousands separators inside numbers ("1,234.5", or "1.234,5" with a decimal comma) are
/// read whenever the digits are grouped in threes, as spreadsheets export them.
public struct CSVDialect: Sendable, Equatable {
  /// The delimiters sniffing chooses among, in the order ties are broken.
  public static let sniffedDelimiters: [Character] = [",", ";", "\t", "|"]

  /// The field delimiter; nil sniffs it from the first lines of the file.
  public var delimiter: Character?
  /// The decimal mark: "." or ",".
  public var decimal: Character

  /// A dialect; the default sniffs the delimiter and reads decimal points.
  /// - Throws: `SeriesError.invalidArgument` for a delimiter that is not one ASCII character other
  ///   than a quote or a line break, a decimal mark other than "." or ",", or both the same.
  public init(delimiter: Character? = nil, decimal: Character = ".") throws(SeriesError) {
    if let delimiter {
      guard delimiter.isASCII, delimiter != "\"", !delimiter.isNewline else {
        throw .invalidArgument("A delimiter is one character other than a quote or a line break, such as ',' ';' or a tab; received '\(delimiter)'.")
      }
    }
    guard decimal == "." || decimal == "," else {
      throw .invalidArgument("The decimal mark is '.' or ','; received '\(decimal)'.")
    }
    guard delimiter != decimal else {
      throw .invalidArgument("The delimiter and the decimal mark are both '\(decimal)'; a file with decimal commas separates its fields with another character, such as ';'.")
    }
    self.delimiter = delimiter
    self.decimal = decimal
  }

  /// The default: a sniffed delimiter and decimal points.
  public static let standard = try! CSVDialect()

  /// The delimiter of `text`: the given one, or the candidate that splits the first lines (outside
  /// quotes) into the same number of fields, more than one, on each; with none consistent, the
  /// one most frequent in the header; a comma when the file has one column. A decimal comma
  /// rules out the comma.
  func delimiter(of text: Substring) -> Character {
    if let delimiter { return delimiter }
    let candidates = Self.sniffedDelimiters.filter { $0 != decimal }
    let lines = Self.firstLines(of: text, count: 20)
    guard let header = lines.first else { return candidates[0] }
    let counts = lines.map { line in candidates.map { Self.occurrences(of: $0, outsideQuotesIn: line) } }
    let consistent = candidates.indices.filter { k in counts[0][k] > 0 && counts.allSatisfy { $0[k] == counts[0][k] } }
    if let best = consistent.max(by: { (counts[0][$0], -$0) < (counts[0][$1], -$1) }) { return candidates[best] }
    let inHeader = candidates.indices.max { (Self.occurrences(of: candidates[$0], outsideQuotesIn: header), -$0) < (Self.occurrences(of: candidates[$1], outsideQuotesIn: header), -$1) }!
    return Self.occurrences(of: candidates[inHeader], outsideQuotesIn: header) > 0 ? candidates[inHeader] : candidates[0]
  }

  /// The number `text` writes (surrounding spaces ignored), or nil: plain decimals in this
  /// dialect's mark, and thousands grouped in threes by the other mark, a space, a no-break space
  /// or an apostrophe ("5,890", "1,234.5", "1.234,5", "12 345"); nil for text over 1,000 bytes.
  public func number(_ text: String) -> Double? {
    // No number is written in more than 1,000 bytes; a longer cell is refused before it is read
    // (a 10 MB cell took seconds to take apart).
    guard text.utf8.count <= 1000 else { return nil }
    let trimmed = text.trimmedOfWhitespace
    if decimal == ".", let value = Double(trimmed) { return value }
    var digits = trimmed.unicodeScalars[...]
    var sign = ""
    if let first = digits.first, first == "-" || first == "+" {
      sign = String(first)
      digits = digits.dropFirst()
    }
    let parts = String(String.UnicodeScalarView(digits)).split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, parts.count <= 2 else { return nil }
    let fraction = parts.count == 2 ? parts[1] : nil
    if let fraction, !fraction.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
    guard let integer = Self.ungrouped(whole, separators: [decimal == "." ? "," : ".", " ", "\u{A0}", "'"]) else { return nil }
    return Double(sign + integer + (fraction.map { "." + $0 } ?? ""))
  }

  /// The digits of `whole` with thousands separators removed, when it is plain digits or digits
  /// grouped in threes by one of `separators` ("1,234,567"); nil otherwise.
  private static func ungrouped(_ whole: Substring, separators: [Character]) -> String? {
    guard !whole.isEmpty else { return nil }
    if whole.allSatisfy({ $0.isASCII && $0.isNumber }) { return String(whole) }
    for separator in separators where whole.contains(separator) {
      let groups = whole.split(separator: separator, omittingEmptySubsequences: false)
      guard (1...3).contains(groups[0].count),
        groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
        groups.dropFirst().allSatisfy({ $0.count == 3 })
      else { return nil }
      return groups.joined()
    }
    return nil
  }

  /// Whether `text` reads as a number in this dialect or in the other decimal convention: a column
  /// of such cells is a value column, and its cells that do not read get a hint saying why.
  func looksNumeric(_ text: String) -> Bool { number(text) != nil || hint(forUnreadable: text) != nil }

  /// A hint for a cell that did not read as a number in this dialect, naming the likely cause;
  /// nil when there is none to give.
  func hint(forUnreadable text: String) -> String? {
    let other: Character = decimal == "." ? "," : "."
    guard let alternative = try? CSVDialect(delimiter: delimiter == other ? nil : delimiter, decimal: other),
      alternative.number(text) != nil
    else { return nil }
    return decimal == "."
      ? "It reads as a number with a decimal comma: pass --decimal , if the file writes decimals that way."
      : "It reads as a number with a decimal point: leave out --decimal , for this file."
  }

  /// Up to `count` non-blank physical lines from the start of `text`.
  private static func firstLines(of text: Substring, count: Int) -> [Substring] {
    var lines: [Substring] = []
    for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
      guard lines.count < count else { break }
      if !line.allSatisfy(\.isWhitespace) { lines.append(line) }
    }
    return lines
  }

  /// How often `delimiter` occurs in `line` outside double-quoted stretches.
  private static func occurrences(of delimiter: Character, outsideQuotesIn line: Substring) -> Int {
    var quoted = false
    var count = 0
    for character in line {
      if character == "\"" { quoted.toggle() } else if character == delimiter && !quoted { count += 1 }
    }
    return count
  }
}
