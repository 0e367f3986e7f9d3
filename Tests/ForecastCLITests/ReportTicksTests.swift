import Foundation
import ForecastModels
import ForecastSeries
import Testing
@testable import ForecastCLI
@testable import ForecastPlot

/// Every chart the report draws, at a desktop's and a phone's width, has 3 to 7 round ticks on
/// each axis: value steps of 1, 2 or 5 × 10ⁿ; date steps of whole hours, days, months or years.
@Suite("report chart ticks")
struct ReportTicksTests {
  /// A run's report over `values` on `dates`, as `forecast run` builds it, with a small network
  /// (for the loss chart) trained a few epochs.
  static func report(_ values: [Double], dates: [Date], name: String) throws -> RunReport {
    let series = TimeSeries(dateName: "date", dates: dates, columnNames: [name], columns: [values], frequency: Frequency.infer(dates))
    var settings = NetworkSettings()
    (settings.units, settings.epochs, settings.batchSize, settings.window) = (4, 6, 8, 12)
    let period = series.seasonalPeriod
    let testSize = series.defaultHorizon
    let holdout = try Holdout(NetworkForecaster(settings: settings), on: series, testSize: testSize, levels: [80, 95])
    let future = try FutureForecast(ForecastMethod.seasonalNaive.makeForecaster(), on: series, horizon: testSize, levels: [80, 95])
    let decomposition = period >= 2 && series.count >= 2 * period ? try SeasonalDecomposition(series.values, period: period) : nil
    return RunReport(
      series: series, fileName: "\(name).csv", decomposition: decomposition, holdout: holdout, future: future, intervals: IntervalOptions(),
      settings: RunSettings(model: holdout.model, file: "\(name).csv", series: series, testSize: testSize, horizon: testSize, levels: [80, 95]),
      diagnostics: try? ResidualDiagnostics(future.model, on: series))
  }

  static func monthly(_ count: Int, from year: Int) -> [Date] {
    (0..<count).map { CivilCalendar.date(year: year + $0 / 12, month: $0 % 12 + 1, day: 1)! }
  }

  static func daily(_ count: Int) -> [Date] {
    (0..<count).map { Date(timeIntervalSince1970: 1_577_836_800 + 86_400 * Double($0)) }
  }

  /// `level + trend·t + amplitude·sin(2πt / period)` for t = 0..<count.
  static func wave(_ count: Int, level: Double, trend: Double, amplitude: Double, period: Double) -> [Double] {
    var values: [Double] = []
    for t in 0..<count {
      let x = Double(t)
      values.append(level + trend * x + amplitude * sin(2 * Double.pi * x / period))
    }
    return values
  }

  /// The reports checked: a seasonal monthly series, a daily one, one in the millions, one of
  /// small fractions.
  static func reports() throws -> [RunReport] {
    let passengers = wave(72, level: 112, trend: 2, amplitude: 20, period: 12)
    let visits = wave(120, level: 50, trend: 0.01, amplitude: 10, period: 7)
    let sales = wave(48, level: 3.2e6, trend: 900, amplitude: 1.1e5, period: 12)
    let rate = wave(60, level: 0.013, trend: 0, amplitude: 0.004, period: 12)
    return [
      try report(passengers, dates: monthly(72, from: 1949), name: "passengers"),
      try report(visits, dates: daily(120), name: "visits"),
      try report(sales, dates: monthly(48, from: 2001), name: "sales"),
      try report(rate, dates: monthly(60, from: 1990), name: "rate"),
    ]
  }

  /// Whether `ticks` are 3 to 7 evenly spaced multiples of one 1-2-5 step.
  static func isNice(_ ticks: [Double]) -> Bool {
    guard (3...7).contains(ticks.count) else { return false }
    let step = ticks[1] - ticks[0]
    let mantissa = step / pow(10, log10(step).rounded(.down))
    let evenly = zip(ticks, ticks.dropFirst()).allSatisfy { abs(($1 - $0) - step) <= step * 1e-6 }
    let multiples = ticks.allSatisfy { abs($0 / step - ($0 / step).rounded()) <= 1e-6 }
    return evenly && multiples && [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }
  }

  /// Whether date ticks are 3 to 7 instants a whole number of one calendar step apart.
  static func isNice(dates ticks: [(Double, String)]) -> Bool {
    guard (3...7).contains(ticks.count) else { return false }
    // Foundation's calendar, independent of ours, measures the steps (these dates are modern).
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let dates = ticks.map { Date(timeIntervalSince1970: $0.0) }
    let steps: [(Calendar.Component, Set<Int>)] = [(.year, [1, 2, 5, 10, 20, 50, 100]), (.month, [1, 2, 3, 6]), (.day, [1, 2, 5, 10]), (.hour, [1, 2, 3, 6, 12])]
    return steps.contains { component, allowed in
      let gaps = zip(dates, dates.dropFirst()).map { calendar.dateComponents([component], from: $0, to: $1).value(for: component) ?? 0 }
      let whole = zip(dates, dates.dropFirst()).allSatisfy { calendar.date(byAdding: component, value: gaps[0], to: $0) == $1 }
      return whole && Set(gaps).count == 1 && allowed.contains(gaps[0])
    }
  }

  @Test("every line chart, decomposition panel and bar chart of the report has 3 to 7 ticks in 1-2-5 steps, desktop and phone")
  func everyChart() throws {
    for report in try Self.reports() {
      var lines = [report.seriesChart, report.forecastChart, report.futureChart]
      lines += [report.decompositionChart, report.lossChart, report.residualCharts?.time].compactMap { $0 }
      var bars = [report.residualCharts?.acf, report.residualCharts?.histogram].compactMap { $0 }
      #expect(report.decompositionChart != nil && report.lossChart != nil && report.residualCharts != nil, "\(report.fileName)")
      lines += lines.map { $0.narrowed(to: 420) }
      bars += bars.map { $0.narrowed(to: 420) }
      for chart in lines {
        let axes = chart.axes
        switch chart.xAxis {
        case .dates: #expect(Self.isNice(dates: axes.x.ticks), "\(report.fileName) \(chart.title) at \(chart.width): x \(axes.x.ticks.map(\.1))")
        case .numbers: #expect(Self.isNice(axes.x.ticks.map(\.0)), "\(report.fileName) \(chart.title) at \(chart.width): x \(axes.x.ticks.map(\.1))")
        }
        for (index, y) in axes.y.enumerated() {
          #expect(Self.isNice(y.ticks), "\(report.fileName) \(chart.title) at \(chart.width), panel \(index): y \(y.ticks)")
        }
      }
      for chart in bars {
        let axes = chart.axes
        #expect(Self.isNice(axes.x.ticks), "\(report.fileName) \(chart.title) at \(chart.width): x \(axes.x.ticks)")
        #expect(Self.isNice(axes.y.ticks), "\(report.fileName) \(chart.title) at \(chart.width): y \(axes.y.ticks)")
      }
    }
  }
}
