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
  /// - Parameters:
  ///   - delimiter: the field delimiter, or nil to sniff it (`delimiter(of:)`).
  ///   - decimal: the decimal mark, "." or ",".
  /// - Throws: `SeriesError.invalidArgument` for a delimiter that is not one ASCII character other
  ///   than a quote or a line break, or a decimal mark other than "." or ",".
  public init(delimiter: Character? = nil, decimal: Character = ".") throws(SeriesError) {
    if let delimiter {
      guard delimiter.isASCII, delimiter != "\"", !delimiter.isNewline else {
        throw .invalidArgument("A delimiter is one character other than a quote or a line break, such as ',' ';' or a tab; received '\(delimiter)'.")
      }
    }
    guard decimal == "." || decimal == "," else {
      throw .invalidArgument("The decimal mark is '.' or ','; received '\(decimal)'.")
    }
    self.delimiter = delimiter
    self.decimal = decimal
  }

  /// The default: a sniffed delimiter and decimal points.
  public static let standard = try! CSVDialect()

  /// The delimiter of `text`: the given one, or the candidate that splits the first 20 lines
  /// (outside quotes) into the same number of fields, more than one, on each. Among several, the
  /// one whose fields hold dates on the most lines, then the most fields, then the one that sits
  /// less often between two digits (a decimal or thousands mark rather than a delimiter), then
  /// the order of `sniffedDelimiters`. With none consistent, the one most frequent in the header;
  /// a comma when the file has one column.
  func delimiter(of text: Substring) -> Character {
    if let delimiter { return delimiter }
    let candidates = Self.sniffedDelimiters
    let lines = Self.firstLines(of: text, count: 20)
    guard let header = lines.first else { return candidates[0] }
    let counts = lines.map { line in candidates.map { Self.occurrences(of: $0, outsideQuotesIn: line).all } }
    let consistent = candidates.indices.filter { k in counts[0][k] > 0 && counts.allSatisfy { $0[k] == counts[0][k] } }
    if consistent.count > 1 {
      // Ties are common ("2020-01-01;1,5" has one of each): the delimiter that cuts out dates.
      let dated = consistent.map { k in lines.dropFirst().filter { Self.fields(of: $0, by: candidates[k]).contains { DateParsing.parse($0) != nil } }.count }
      let betweenDigits = consistent.map { k in lines.reduce(0) { $0 + Self.occurrences(of: candidates[k], outsideQuotesIn: $1).betweenDigits } }
      let best = consistent.indices.min { (-dated[$0], -counts[0][consistent[$0]], betweenDigits[$0], $0) < (-dated[$1], -counts[0][consistent[$1]], betweenDigits[$1], $1) }!
      return candidates[consistent[best]]
    }
    if let only = consistent.first { return candidates[only] }
    let inHeader = candidates.indices.min { (-counts[0][$0], $0) < (-counts[0][$1], $1) }!
    return counts[0][inHeader] > 0 ? candidates[inHeader] : candidates[0]
  }

  /// The number `text` writes (surrounding spaces ignored), or nil: plain decimals in this
  /// dialect's mark, and thousands grouped in threes — by a space, a no-break space or an
  /// apostrophe ("12 345"), or by the other mark ("5,890", "1.234,5") where that cannot be a
  /// decimal: two groups or more, a decimal part after them, a decimal comma, or a comma-delimited
  /// file (whose numbers with commas are quoted, as US spreadsheets write thousands). Groups never
  /// start with 0 after the first ("0,125" is no thousand). Nil for text over 1,000 bytes.
  public func number(_ text: String) -> Double? {
    // No number is written in more than 1,000 bytes; a longer cell is refused before it is read
    // (a 10 MB cell took seconds to take apart).
    guard text.utf8.count <= 1000 else { return nil }
    let trimmed = text.trimmedOfWhitespace
    if decimal == ".", let value = Double(trimmed) { return value }
    var digits = Substring(trimmed)
    var sign = ""
    if let first = digits.first, first == "-" || first == "+" {
      sign = String(first)
      digits = digits.dropFirst()
    }
    let parts = digits.split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, parts.count <= 2 else { return nil }
    let fraction = parts.count == 2 ? parts[1] : nil
    if let fraction, !fraction.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
    let other: Character = decimal == "." ? "," : "."
    let otherMarkGroups = fraction != nil || decimal == "," || delimiter == ","
    guard let integer = Self.ungrouped(whole, separators: [other, " ", "\u{A0}", "'"], singleGroupOf: otherMarkGroups ? [] : [other]) else {
      return nil
    }
    return Double(sign + integer + (fraction.map { "." + $0 } ?? ""))
  }

  /// The digits of `whole` with thousands separators removed, when it is plain digits or digits
  /// grouped in threes by one of `separators` ("1,234,567"), the first group not 0; nil
  /// otherwise, and for a single separator ("1,234") of `singleGroupOf`, which is ambiguous there.
  private static func ungrouped(_ whole: Substring, separators: [Character], singleGroupOf ambiguous: [Character]) -> String? {
    guard !whole.isEmpty else { return nil }
    if whole.allSatisfy({ $0.isASCII && $0.isNumber }) { return String(whole) }
    for separator in separators where whole.contains(separator) {
      let groups = whole.split(separator: separator, omittingEmptySubsequences: false)
      guard (1...3).contains(groups[0].count), groups[0].first != "0",
        groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
        groups.dropFirst().allSatisfy({ $0.count == 3 }),
        groups.count > 2 || !ambiguous.contains(separator)
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
    guard let alternative = try? CSVDialect(delimiter: delimiter, decimal: other), alternative.number(text) != nil else { return nil }
    return decimal == "."
      ? "It reads as a number with a decimal comma: pass --decimal , if the file writes decimals that way."
      : "It reads as a number with a decimal point: leave out --decimal , for this file."
  }

  /// Up to `count` non-blank physical lines from the start of `text` (without splitting the rest).
  private static func firstLines(of text: Substring, count: Int) -> [Substring] {
    var lines: [Substring] = []
    var rest = text[...]
    while lines.count < count, !rest.isEmpty {
      let end = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
      let line = rest[..<end]
      if !line.allSatisfy(\.isWhitespace) { lines.append(line) }
      rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
    }
    return lines
  }

  /// The fields of `line` split at `delimiter` outside quotes, quotes and surrounding spaces removed.
  private static func fields(of line: Substring, by delimiter: Character) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    for character in line {
      if character == "\"" { quoted.toggle() } else if character == delimiter && !quoted {
        fields.append(current.trimmedOfWhitespace)
        current = ""
      } else {
        current.append(character)
      }
    }
    return fields + [current.trimmedOfWhitespace]
  }

  /// How often `delimiter` occurs in `line` outside double-quoted stretches, and how many of
  /// those sit between two digits.
  private static func occurrences(of delimiter: Character, outsideQuotesIn line: Substring) -> (all: Int, betweenDigits: Int) {
    var quoted = false
    var (all, betweenDigits) = (0, 0)
    var previous: Character = " "
    var index = line.startIndex
    while index < line.endIndex {
      let character = line[index]
      let next = line.index(after: index)
      if character == "\"" {
        quoted.toggle()
      } else if character == delimiter && !quoted {
        all += 1
        if previous.isASCII && previous.isNumber, next < line.endIndex, line[next].isASCII && line[next].isNumber { betweenDigits += 1 }
      }
      previous = character
      index = next
    }
    return (all, betweenDigits)
  }
}
