import Foundation
import ForecastSeries
import Testing

@Suite("The proleptic Gregorian calendar")
struct CivilCalendarTests {
  /// Foundation's Gregorian calendar in UTC: the twin for modern dates.
  static let foundation: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
  }()

  @Test("days, fields, weekdays and month steps agree with Foundation from 1600 to 2400")
  func twin() throws {
    var date = try #require(CivilCalendar.date(year: 1600, month: 1, day: 31, hour: 13, minute: 5, second: 7))
    for _ in 0..<(800 * 12) {
      let ours = CivilCalendar.fields(of: date)
      let theirs = Self.foundation.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
      #expect(ours.year == theirs.year && ours.month == theirs.month && ours.day == theirs.day && ours.weekday == theirs.weekday)
      #expect(ours.hour == 13 && ours.minute == 5 && ours.second == 7)
      let next = CivilCalendar.adding(months: 1, to: date)
      if next != Self.foundation.date(byAdding: .month, value: 1, to: date) { Issue.record("\(date) + 1 month: \(next)"); break }
      date = next
    }
  }

  @Test("dates before 1582 are proleptic Gregorian, as pandas: numpy's day numbers")
  func proleptic() throws {
    // numpy 2: np.datetime64('1500-03-01') - np.datetime64('1970-01-01') = -171605 days, and
    // np.datetime64('0001-01-01') - np.datetime64('1970-01-01') = -719162 days.
    #expect(CivilCalendar.days(year: 1500, month: 3, day: 1) == -171_605)
    #expect(CivilCalendar.days(year: 1, month: 1, day: 1) == -719_162)
    #expect(CivilCalendar.days(year: 1582, month: 10, day: 4) + 1 == CivilCalendar.days(year: 1582, month: 10, day: 5))
    // 1500 is a leap year only on the Julian calendar; 1600 on both.
    #expect(CivilCalendar.date(year: 1500, month: 2, day: 29) == nil && CivilCalendar.date(year: 1600, month: 2, day: 29) != nil)
    #expect(DateParsing.parse("1500-02-29") == nil && DateParsing.parse("1582-10-05") != nil)
    let parsed = try #require(DateParsing.parse("1500-03-01"))
    #expect(DateParsing.format(parsed) == "1500-03-01" && parsed.timeIntervalSince1970 == -171_605 * 86_400)
    let series = try TimeSeries.read(csvText: "year,value\n1580,1\n1581,2\n1582,3\n1583,4\n1584,5\n")
    #expect(series.frequency?.alias == "YS-JAN")
    #expect(try series.futureDates(2).map(DateParsing.format) == ["1585-01-01", "1586-01-01"])
    let months = try TimeSeries.read(csvText: "month,value\n1582-09,1\n1582-10,2\n1582-11,3\n1582-12,4\n")
    #expect(months.frequency?.alias == "MS")
  }

  @Test("round trips over every day of four centuries, negative days included")
  func roundTrip() {
    for days in stride(from: -800_000, through: 800_000, by: 97) {
      let (year, month, day) = CivilCalendar.civil(days: days)
      #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
      if days % 9_700 == 0 { #expect(day <= CivilCalendar.daysInMonth(year: year, month: month)) }
    }
  }
}
