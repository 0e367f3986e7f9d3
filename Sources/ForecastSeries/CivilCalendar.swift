import Foundation

/// The proleptic Gregorian calendar in UTC — the Gregorian rules carried back before 1582, as
/// pandas and numpy's `datetime64` count dates (Foundation's Gregorian calendar turns Julian before
/// 15 October 1582, so 1500-03-01 would be ten days off) — by the day-count formulas of Howard
/// Hinnant's `chrono`-compatible date algorithms.
public enum CivilCalendar {
  /// The fields of an instant.
  public struct Fields: Equatable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The fraction of the second, in nanoseconds.
    public var nanosecond: Int
    /// 1 = Sunday … 7 = Saturday (as `Calendar` counts).
    public var weekday: Int
  }

  /// Whether `year` has a 29 February.
  public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  /// The days in `month` (1…12) of `year`.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    month == 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  }

  /// Days from 1970-01-01 to the given day (negative before it).
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The year, month and day `days` days after 1970-01-01.
  public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shifted = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shifted + 2) / 5 + 1
    let month = shifted < 10 ? shifted + 3 : shifted - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// The instant of a day and time, or nil for a month outside 1…12 or a day it does not have.
  public static func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Date? {
    guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
    let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    return Date(timeIntervalSince1970: TimeInterval(seconds))
  }

  /// The fields of `date`.
  public static func fields(of date: Date) -> Fields {
    let time = date.timeIntervalSince1970
    let whole = time.rounded(.down)
    var nanosecond = Int(((time - whole) * 1e9).rounded())
    var seconds = Int(whole)
    if nanosecond >= 1_000_000_000 { (seconds, nanosecond) = (seconds + 1, 0) }
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let ofDay = seconds - days * 86_400
    let (year, month, day) = civil(days: days)
    let weekday = ((days + 4) % 7 + 7) % 7 + 1  // 1970-01-01 was a Thursday (5)
    return Fields(
      year: year, month: month, day: day, hour: ofDay / 3600, minute: ofDay % 3600 / 60, second: ofDay % 60,
      nanosecond: nanosecond, weekday: weekday)
  }

  /// `date` moved by `months` months, its day kept or, past the end of the new month, the last
  /// day of it (31 January + 1 month = 28 or 29 February), its time of day kept.
  public static func adding(months: Int, to date: Date) -> Date {
    let f = fields(of: date)
    let index = f.year * 12 + (f.month - 1) + months
    let year = index >= 0 ? index / 12 : (index - 11) / 12
    let month = index - year * 12 + 1
    let day = min(f.day, daysInMonth(year: year, month: month))
    let start = TimeInterval(self.days(year: year, month: month, day: day) * 86_400)
    let ofDay = date.timeIntervalSince1970 - TimeInterval(self.days(year: f.year, month: f.month, day: f.day) * 86_400)
    return Date(timeIntervalSince1970: start + ofDay)
  }

  /// `date` moved by `days` days of 24 hours (UTC has no daylight saving).
  public static func adding(days: Int, to date: Date) -> Date { date.addingTimeInterval(TimeInterval(days) * 86_400) }
}
