import Foundation

/// Reads the date formats forecasting data comes in, as UTC instants.
///
/// Accepted: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY-MM`, `YYYY`, ISO-8601 timestamps
/// (`YYYY-MM-DDTHH:MM[:SS[.fff]]` or with a space, optionally `Z` or `±HH:MM`), and month names
/// (`Jan 1949`, `January 1949`, `1949 Jan`, `1949-Jan`). Dates are on the proleptic Gregorian
/// calendar (`CivilCalendar`), as pandas reads them.
public enum DateParsing {
  private static let monthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]

  /// The instant `text` names, or nil when no accepted format matches.
  public static func parse(_ text: String) -> Date? {
    let text = text.trimmedOfWhitespace
    if let date = parseNumeric(text) { return date }
    return parseMonthName(text)
  }

  private static func make(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0,
                           _ second: Double = 0, offsetSeconds: Int = 0) -> Date? {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1, (0...23).contains(hour),
          (0...59).contains(minute), second >= 0, second < 61
    else { return nil }
    // nil for a day the month does not have (2021-02-30)
    guard let date = CivilCalendar.date(year: year, month: month, day: day, hour: hour, minute: minute, second: Int(second)) else { return nil }
    return date.addingTimeInterval(second - Double(Int(second)) - Double(offsetSeconds))
  }

  private static func parseNumeric(_ text: String) -> Date? {
    let scalars = Array(text.utf8)
    var index = 0
    func number(digits: ClosedRange<Int>) -> Int? {
      var value = 0, count = 0
      while index < scalars.count, (48...57).contains(scalars[index]), count < digits.upperBound {
        value = value * 10 + Int(scalars[index] - 48)
        index += 1
        count += 1
      }
      return digits.contains(count) ? value : nil
    }
    func take(_ characters: String) -> UInt8? {
      guard index < scalars.count, characters.utf8.contains(scalars[index]) else { return nil }
      defer { index += 1 }
      return scalars[index]
    }
    guard let year = number(digits: 4...4) else { return nil }
    if index == scalars.count { return make(year, 1, 1) }
    guard let separator = take("-/") else { return nil }
    guard let month = number(digits: 1...2) else { return nil }
    if index == scalars.count { return make(year, month, 1) }
    guard take(separator == UInt8(ascii: "-") ? "-" : "/") != nil, let day = number(digits: 1...2) else { return nil }
    if index == scalars.count { return make(year, month, day) }
    guard take("T ") != nil, let hour = number(digits: 1...2), take(":") != nil,
          let minute = number(digits: 2...2)
    else { return nil }
    var second = 0.0
    if take(":") != nil {
      guard let whole = number(digits: 2...2) else { return nil }
      second = Double(whole)
      if take(".") != nil {
        let start = index
        while index < scalars.count, (48...57).contains(scalars[index]) { index += 1 }
        guard index > start, let fraction = Double("0." + String(decoding: scalars[start..<index], as: UTF8.self)) else { return nil }
        second += fraction
      }
    }
    var offset = 0
    if take("Zz") != nil {
    } else if let sign = take("+-") {
      guard let hours = number(digits: 2...2) else { return nil }
      _ = take(":")
      guard let minutes = number(digits: 2...2) else { return nil }
      offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
    }
    guard index == scalars.count else { return nil }
    return make(year, month, day, hour, minute, second, offsetSeconds: offset)
  }

  private static func parseMonthName(_ text: String) -> Date? {
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" || $0 == "," }).map(String.init)
    guard parts.count == 2 else { return nil }
    func month(_ word: String) -> Int? {
      let word = word.lowercased()
      // A name or any abbreviation of at least three letters: "Jan", "Sept", "January".
      guard word.count >= 3, let index = monthNames.firstIndex(where: { $0.hasPrefix(word) }) else { return nil }
      return index + 1
    }
    if let m = month(parts[0]), parts[1].count == 4, let year = Int(parts[1]) { return make(year, m, 1) }
    if let m = month(parts[1]), parts[0].count == 4, let year = Int(parts[0]) { return make(year, m, 1) }
    return nil
  }

  /// `date` as pandas prints a timestamp: `1962-01-01`, or with the time when it is not midnight.
  public static func format(_ date: Date) -> String {
    let c = CivilCalendar.fields(of: date)
    let day = String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    if c.hour == 0 && c.minute == 0 && c.second == 0 { return day }
    return day + String(format: " %02d:%02d:%02d", c.hour, c.minute, c.second)
  }
}
