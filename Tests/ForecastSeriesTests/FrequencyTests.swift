import Foundation
import ForecastSeries
import Testing

@Suite("Dates and frequencies against pandas")
struct FrequencyTests {
  struct Case: Decodable { var dates: [String]; var inferred: String? }
  struct File: Decodable { var cases: [Case] }

  static let cases = try! fixture("frequencies", as: File.self).cases

  @Test("infer agrees with pd.infer_freq", arguments: 0..<cases.count)
  func infer(index: Int) throws {
    let c = Self.cases[index]
    let dates = c.dates.map { DateParsing.parse($0)! }
    #expect(Frequency.infer(dates)?.alias == c.inferred, "\(c.dates.prefix(3))")
  }

  @Test("advancing continues the series' own dates", arguments: 0..<cases.count)
  func advance(index: Int) throws {
    let c = Self.cases[index]
    let dates = c.dates.map { DateParsing.parse($0)! }
    guard let frequency = Frequency.infer(dates) else { return }
    for (i, date) in dates.enumerated() {
      #expect(frequency.advance(dates[0], by: i) == date)
      #expect(frequency.steps(from: dates[0], to: date) == i && frequency.steps(from: date, to: dates[0]) == -i)
    }
    #expect(frequency.advance(dates[dates.count - 2], by: 1) == dates.last)
  }

  @Test("date formats", arguments: [
    ("1962-01-01", "1962-01-01"), ("1949-01", "1949-01-01"), ("1999", "1999-01-01"), ("Jan 1949", "1949-01-01"),
    ("September 2001", "2001-09-01"), ("1960 Mar", "1960-03-01"), ("2020/02/29", "2020-02-29"),
    ("2021-05-01T13:00:00", "2021-05-01 13:00:00"), ("2021-05-01 13:00", "2021-05-01 13:00:00"),
    ("2021-05-01T13:00:00Z", "2021-05-01 13:00:00"), ("2021-05-01T15:00:00+02:00", "2021-05-01 13:00:00"),
  ])
  func parse(text: String, expected: String) {
    #expect(DateParsing.parse(text).map(DateParsing.format) == expected)
  }

  @Test("not dates", arguments: ["", "abc", "2021-13-01", "2021-02-30", "12/31/2020", "Janx 1949", "1949-01-01T25:00"])
  func reject(text: String) {
    #expect(DateParsing.parse(text) == nil)
  }

  @Test("default seasonal periods")
  func periods() {
    #expect(Frequency(.monthStart).seasonalPeriod == 12)
    #expect(Frequency(.day).seasonalPeriod == 7)
    #expect(Frequency(.quarterEnd(anchorMonth: 12)).seasonalPeriod == 4)
    #expect(Frequency(.week(weekday: 1)).seasonalPeriod == 52)
    #expect(Frequency(.hour).seasonalPeriod == 24)
  }
}

@Suite("Frequency aliases")
struct FrequencyAliasTests {
  @Test("every alias reads back as the frequency that printed it")
  func roundTrip() throws {
    let frequencies: [Frequency] = [
      Frequency(.hour), Frequency(.day, multiple: 2), Frequency(.week(weekday: 2)), Frequency(.monthStart), Frequency(.monthEnd, multiple: 3),
      Frequency(.quarterStart(anchorMonth: 2)), Frequency(.quarterEnd(anchorMonth: 12)), Frequency(.yearStart(month: 1)), Frequency(.yearEnd(month: 6)),
    ]
    for frequency in frequencies {
      #expect(Frequency(alias: frequency.alias) == frequency, "\(frequency.alias)")
      let json = try JSONEncoder().encode([frequency])
      #expect(String(decoding: json, as: UTF8.self) == "[\"\(frequency.alias)\"]")
      #expect(try JSONDecoder().decode([Frequency].self, from: json) == [frequency])
    }
    for bad in ["", "X", "0MS", "W-XYZ", "MS-JAN", "QS-FOO", "-1D"] { #expect(Frequency(alias: bad) == nil, "\(bad)") }
  }
}
