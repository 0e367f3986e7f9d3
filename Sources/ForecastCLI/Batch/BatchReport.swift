import Foundation
import ForecastPlot
import ForecastSeries

/// The report of a run over many series, built from its output files only (so a merged output's
/// report is the unsharded run's): a verdict, accuracy over all series beside seasonal naive, the
/// best and worst few series with charts, the failures, and the settings.
struct BatchReport {
  let output: BatchOutput
  /// Series charted at each end of the ranking by MASE.
  let charted = 3
  /// The scored series, best first.
  let scored: [Score]
  /// The series that could not be forecast, with their reasons.
  let failed: [(id: String, reason: String)]

  /// A series' scores, read back from metrics.csv.
  struct Score {
    var id: String
    var mase: Double
    var smape: Double
    var baseline: Double?
  }

  /// The report of `output`, its series ranked once.
  init(output: BatchOutput) {
    self.output = output
    // metrics.csv has BatchOutput.metricsHeader's columns (checked when it is read).
    let column = Dictionary(uniqueKeysWithValues: output.metrics.header.enumerated().map { ($1, $0) })
    let (mase, smape, baseline, error) = (column["mase"]!, column["smape"]!, column["seasonal_naive_mase"]!, column["error"]!)
    var scored: [Score] = []
    var failed: [(String, String)] = []
    for row in output.metrics.rows {
      if let value = Double(row[mase]), let smape = Double(row[smape]), value.isFinite {
        scored.append(Score(id: row[0], mase: value, smape: smape, baseline: Double(row[baseline])))
      }
      if !row[error].isEmpty { failed.append((row[0], row[error])) }
    }
    self.scored = scored.sorted { ($0.mase, $0.id) < ($1.mase, $1.id) }
    self.failed = failed
  }

  /// One sentence on the whole run.
  var verdict: String {
    let method = output.settings.method
    if output.metrics.rows.isEmpty { return "This output holds no series: its shard of the file was empty." }
    guard !scored.isEmpty else { return "\(method) could not forecast any of the \(failed.count) series; the failures are listed below." }
    let mase = scored.map(\.mase)
    var text = "\(method) forecast \(scored.count) series"
    if !failed.isEmpty { text += " (\(failed.count) could not be forecast)" }
    text += ": mean MASE \(fixed(Statistics.mean(mase), 3)) on the test parts, median \(fixed(Statistics.quantile(mase.sorted(), 0.5), 3))"
    let paired = scored.compactMap { score in score.baseline.map { (score.mase, $0) } }
    if !paired.isEmpty {
      let wins = paired.filter { $0.0 < $0.1 }.count
      text += ", against seasonal naive's mean \(fixed(Statistics.mean(paired.map(\.1)), 3)); better than seasonal naive on \(wins) of \(paired.count) series (\(fixed(100 * Double(wins) / Double(paired.count), 0))%)"
    }
    return text + "."
  }

  func html() -> String {
    var blocks: [HTMLReport.Block] = [
      .callout(verdict),
      .paragraph("\(output.settings.file): \(output.metrics.rows.count) series. Each series' method is fitted on all but its last observations and scored on them (MASE divides the mean absolute error by the in-sample mean absolute seasonal difference), then fitted on the whole series and forecast past its end; forecast.csv, future.csv and metrics.csv hold every series."),
    ]
    let mase = scored.map(\.mase), baselines = scored.compactMap(\.baseline)
    var summary: [[String]] = []
    if !mase.isEmpty {
      summary.append([output.settings.method, "\(mase.count)", fixed(Statistics.mean(mase), 3), fixed(Statistics.quantile(mase.sorted(), 0.5), 3), fixed(Statistics.mean(scored.map(\.smape)))])
    }
    if !baselines.isEmpty {
      summary.append(["seasonal naive", "\(baselines.count)", fixed(Statistics.mean(baselines), 3), fixed(Statistics.quantile(baselines.sorted(), 0.5), 3), ""])
    }
    blocks += [
      .heading("Accuracy over all series"),
      .table(header: ["method", "series", "mean MASE", "median MASE", "mean sMAPE %"], rows: summary, numericColumns: [1, 2, 3, 4]),
    ]
    let best = scored.prefix(charted), worst = scored.suffix(min(charted, max(scored.count - charted, 0))).reversed()
    for (title, group) in [("The best forecast series", Array(best)), ("The worst forecast series", Array(worst))] where !group.isEmpty {
      blocks.append(.heading(title))
      blocks.append(.table(
        header: ["series", "MASE", "seasonal naive MASE", "sMAPE %"],
        rows: group.map { [$0.id, fixed($0.mase, 3), $0.baseline.map { fixed($0, 3) } ?? "–", fixed($0.smape)] }, numericColumns: [1, 2, 3]))
      for score in group {
        if let chart = chart(for: score.id) { blocks.append(.chart(chart.svg(), narrow: chart.narrowed(to: 420).svg())) }
      }
    }
    if !failed.isEmpty {
      blocks.append(.heading("Series that could not be forecast"))
      blocks.append(.table(header: ["series", "reason"], rows: failed.prefix(50).map { [$0.id, $0.reason] }, numericColumns: []))
      if failed.count > 50 { blocks.append(.paragraph("… and \(failed.count - 50) more, listed in metrics.csv.")) }
    }
    let settings = output.settings
    blocks += [
      .heading("Settings"),
      .table(header: ["setting", "value"], rows: [
        ["file", settings.file], ["method", settings.method],
        ["test size", settings.testSize.map(String.init) ?? "one season of each series"],
        ["horizon", settings.horizon.map(String.init) ?? "the test size"],
        ["interval levels", settings.levels.map { fixed($0, 0) + "%" }.joined(separator: ", ")],
        ["version", settings.version],
      ], numericColumns: []),
    ]
    return HTMLReport(title: "swift-forecast: \(output.metrics.rows.count) series", blocks: blocks).html()
  }

  /// The test part (actual and forecast) and the future of series `id`, with the widest interval.
  func chart(for id: String) -> LineChart? {
    // This series' rows of each file, found once.
    let forecastRows = output.forecast.rows.filter { $0[0] == id }, futureRows = output.future.rows.filter { $0[0] == id }
    func points(_ rows: [[String]], of table: BatchOutput.Table, _ column: String) -> (dates: [Date], values: [Double]) {
      guard let index = table.header.firstIndex(of: column) else { return ([], []) }
      let pairs = rows.compactMap { row in DateParsing.parse(row[1]).flatMap { date in Double(row[index]).map { (date, $0) } } }
      return (pairs.map(\.0), pairs.map(\.1))
    }
    let actual = points(forecastRows, of: output.forecast, "actual")
    guard !actual.dates.isEmpty else { return nil }
    let tested = points(forecastRows, of: output.forecast, "forecast"), future = points(futureRows, of: output.future, "forecast")
    var lines = [LineChart.Line(label: "actual", role: .actual, dates: actual.dates, values: actual.values),
                 LineChart.Line(label: "forecast of the test part", role: .alternative, dates: tested.dates, values: tested.values)]
    var bands: [LineChart.Band] = []
    if !future.dates.isEmpty {
      lines.append(.init(label: "forecast", role: .forecast, dates: future.dates, values: future.values))
      if let level = output.settings.levels.max() {
        let name = IntervalOptions.name(level)
        let lower = points(futureRows, of: output.future, "lower_\(name)"), upper = points(futureRows, of: output.future, "upper_\(name)")
        if lower.values.count == future.values.count, upper.values.count == future.values.count {
          bands.append(.init(label: "\(name)% interval", role: .forecast, opacity: 0.2, dates: future.dates, lower: lower.values, upper: upper.values))
        }
      }
    }
    return LineChart(
      title: "\(id): the test part and the forecast past the end", panels: [.init(yLabel: "value", lines: lines, bands: bands)], panelHeight: 220,
      boundary: future.dates.first.map { .init(at: $0, label: "future") })
  }
}
