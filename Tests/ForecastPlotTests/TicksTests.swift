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
    #expect(Ticks.values(612.4, 968.1) == [650, 700, 750, 800, 850, 900, 950])
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

  static func date(_ text: String) -> Date { CivilCalendar.date(
    year: Int(text.prefix(4))!, month: Int(text.dropFirst(5).prefix(2))!, day: Int(text.suffix(2))!)! }

  @Test("date ticks fall on whole years, months or days inside the range, 3 to 7 of them")
  func dates() {
    let years = Ticks.dates(Self.date("1962-01-01"), Self.date("1975-12-01"))
    #expect(years.map(\.1) == ["1962", "1964", "1966", "1968", "1970", "1972", "1974"])
    let months = Ticks.dates(Self.date("2020-01-15"), Self.date("2020-09-01"))
    #expect(months.map(\.1) == ["Mar 2020", "May 2020", "Jul 2020", "Sep 2020"])
    let days = Ticks.dates(Self.date("2020-01-01"), Self.date("2020-01-10"))
    #expect(days.map(\.1) == ["2020-01-01", "2020-01-03", "2020-01-05", "2020-01-07", "2020-01-09"])
    for ticks in [years, months, days] {
      #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0.0 < $1.0 })
    }
    // A single instant still gets its one labelled tick.
    #expect(Ticks.dates(Self.date("2021-03-04"), Self.date("2021-03-04")).count == 1)
  }

  /// Values a chart may be asked to draw whose range is degenerate: constant, near-constant (the
  /// issue's 10000 and 10000.000000000002, once an endless loop), huge, subnormal, with NaN and
  /// infinities among them.
  static let degenerateSeries: [[Double]] = [
    [10_000, 10_000.000000000002, 10_000], [5, 5, 5], [0, 0], [1e300, 1e300], [-1e308, 1e308, 0], [1.797e308, 1.797e308],
    [5e-324, 0, 5e-324], [1e-310, 3e-310], [1e-300, 2e-300], [.nan, 3, .infinity, 4], [.nan, .nan], [-.infinity, 1e15, 1e15 + 0.125],
  ]

  @Test("a line chart over a degenerate range draws 3 to 7 round, finite ticks and finite coordinates", arguments: degenerateSeries)
  func degenerateLineChart(values: [Double]) {
    let dates = values.indices.map { Date(timeIntervalSince1970: 86_400 * Double($0)) }
    let chart = LineChart(title: "t", panels: [.init(yLabel: "y", lines: [.init(label: "y", role: .observed, dates: dates, values: values)])])
    let axes = chart.axes
    for y in axes.y {
      #expect((3...7).contains(y.ticks.count) && y.ticks.allSatisfy(\.isFinite) && y.lower.isFinite && y.upper.isFinite, "\(values): \(y)")
      #expect(zip(y.ticks, y.ticks.dropFirst()).allSatisfy { $0 < $1 })
    }
    #expect(!chart.svg().contains("nan") && !chart.svg().contains("inf"))
    let bars = BarChart(title: "t", xLabel: "x", yLabel: "y", bars: values.enumerated().map { .init(x: Double($0.offset), width: 0.5, value: $0.element) })
    #expect((3...7).contains(bars.axes.y.ticks.count), "\(values): \(bars.axes.y)")
    #expect(!bars.svg().contains("nan") && !bars.svg().contains("inf"))
  }

  static let scales: [Double] = [0, 1e-300, 1e-12, 0.37, 1, 7, 10, 13.3, 99, 1e6, 1e15, 1e300]
  static let spans: [Double] = [5 * 3600, 3.5 * 86_400, 17 * 86_400, 100 * 86_400, 400 * 86_400, 3000 * 86_400, 40_000 * 86_400, 2_000_000 * 86_400]

  @Test("axes of any finite range get 3 to 7 ticks in 1-2-5 steps", arguments: scales)
  func niceAxes(scale: Double) {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      let a = Double.random(in: -1...1, using: &generator) * scale, b = a + Double.random(in: 0.001...3, using: &generator) * max(scale, 1e-300)
      for target in 3...7 {
        let axis = Ticks.axis(a, b, target: target)
        #expect((3...7).contains(axis.ticks.count) && axis.lower <= a && axis.upper >= b, "\(a)…\(b) target \(target): \(axis)")
      }
    }
  }

  @Test("date ticks over hours, days, months, years and centuries are 3 to 7, at any target", arguments: spans)
  func dateCounts(span: Double) {
    for start in stride(from: -3e9, through: 3e9, by: 7.7e8) {
      for target in [2, 3, 4, 7, 9] {
        let ticks = Ticks.dates(Date(timeIntervalSince1970: start), Date(timeIntervalSince1970: start + span), target: target)
        #expect((3...7).contains(ticks.count), "\(start) + \(span), target \(target): \(ticks.map(\.1))")
      }
    }
    // Non-finite and absurd instants return nothing at once.
    #expect(Ticks.dates(Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: 1)).isEmpty)
    #expect(Ticks.dates(Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1e300)).isEmpty)
  }
}
