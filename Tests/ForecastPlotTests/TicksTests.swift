import Foundation
import ForecastSeries
import Testing
@testable import ForecastPlot

@Suite("Axis ticks")
struct TicksTests {
  @Test("value ticks are round steps of 1, 2 or 5 × 10ⁿ covering the range")
  func roundSteps() {
    #expect(Ticks.values(0, 10) == [0, 2, 4, 6, 8, 10])
    #expect(Ticks.values(-7, 3) == [-6, -4, -2, 0, 2])
    #expect(Ticks.values(0, 100, target: 3) == [0, 50, 100])
    #expect(Ticks.values(612.4, 968.1) == [700, 800, 900])
    let small = Ticks.values(0.1, 0.95)
    #expect(small.count == 4 && zip(small, [0.2, 0.4, 0.6, 0.8]).allSatisfy { abs($0 - $1) < 1e-12 })
    // Zero is exactly zero, not a rounding residue such as 5.55e-17.
    #expect(Ticks.values(-0.3, 0.3).contains(0))
  }

  /// Ranges wide, narrow, tiny, huge and near-constant (all of them short enough in ulps of
  /// their ends for the tick loop to advance: see the report on near-constant ranges at 1e15).
  static let ranges: [ClosedRange<Double>] = [
    0...1, -1e-3...2e-3, 1e-300...3e-300, -5e7...1e9, 0...1e300, 100...(100 + 1e-10), 1...(1 + 1e-12), -1e6...(-1e6 + 3),
  ]

  @Test("every tick lies in the range, in order, about `target` of them", arguments: ranges)
  func inRange(range: ClosedRange<Double>) {
    let (lower, upper) = (range.lowerBound, range.upperBound)
    let ticks = Ticks.values(lower, upper)
    #expect(ticks.count >= 2 && ticks.count <= 11, "\(lower)…\(upper): \(ticks)")
    #expect(ticks.allSatisfy { $0.isFinite && $0 >= lower - (upper - lower) * 1e-9 && $0 <= upper + (upper - lower) * 1e-9 })
    #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 })
  }

  @Test("an empty, reversed or non-finite range gives at most one tick, and returns")
  func degenerate() {
    #expect(Ticks.values(5, 5) == [5])
    #expect(Ticks.values(5, 2) == [5])
    #expect(Ticks.values(.nan, 1).isEmpty && Ticks.values(0, .nan).isEmpty)
    #expect(Ticks.values(0, .infinity).isEmpty && Ticks.values(-.infinity, 0).isEmpty)
    // A span past the largest double (upper − lower overflows) returns, with nothing out of range.
    let huge = Ticks.values(-1e308, 1e308)
    #expect(huge.allSatisfy { $0.isFinite && abs($0) <= 1e308 })
  }

  @Test("labels carry the decimals the step needs")
  func labels() {
    #expect(Ticks.label(1200, step: 200) == "1200")
    #expect(Ticks.label(0.5, step: 0.1) == "0.5")
    #expect(Ticks.label(0.25, step: 0.05) == "0.25")
    #expect(Ticks.label(-3, step: 1) == "-3")
  }

  static func date(_ text: String) -> Date { DateParsing.calendar.date(from: DateComponents(
    year: Int(text.prefix(4))!, month: Int(text.dropFirst(5).prefix(2))!, day: Int(text.suffix(2))!))! }

  @Test("date ticks fall on whole years, months or days inside the range")
  func dates() {
    let years = Ticks.dates(Self.date("1962-01-01"), Self.date("1975-12-01"))
    #expect(years.map(\.1) == ["1962", "1964", "1966", "1968", "1970", "1972", "1974"])
    let months = Ticks.dates(Self.date("2020-01-15"), Self.date("2020-09-01"))
    #expect(months.map(\.1) == ["Feb 2020", "Mar 2020", "Apr 2020", "May 2020", "Jun 2020", "Jul 2020", "Aug 2020", "Sep 2020"])
    let days = Ticks.dates(Self.date("2020-01-01"), Self.date("2020-01-10"))
    #expect(days.map(\.1) == ["2020-01-01", "2020-01-03", "2020-01-05", "2020-01-07", "2020-01-09"])
    for ticks in [years, months, days] {
      #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0.0 < $1.0 })
    }
    // A single instant still gets its one labelled tick.
    #expect(Ticks.dates(Self.date("2021-03-04"), Self.date("2021-03-04")).count == 1)
  }
}
