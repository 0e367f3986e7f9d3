import Foundation
import ForecastModels
import ForecastNN
import ForecastPlot
import ForecastSeries

/// The files and tables of a run, built from its holdout evaluation and its future forecast.
struct RunReport {
  var series: TimeSeries
  /// The CSV file's name, without its folders.
  var fileName: String
  var decomposition: SeasonalDecomposition?
  var holdout: Holdout
  var future: FutureForecast
  var intervals: IntervalOptions
  var settings: RunSettings
  /// The one-step residuals of the method fitted on the whole series, when they can be made.
  var diagnostics: ResidualDiagnostics?

  var valueName: String { series.columnNames[0] }
  var period: Int { series.seasonalPeriod }
  /// The chosen method's forecast of the test part.
  var forecast: [Double] { holdout.scores[0].forecast.values }
  /// The network, when the method is one.
  var network: NetworkForecaster? { holdout.model as? NetworkForecaster }
  /// `auto`, when it is the method or a comparison.
  var auto: AutoForecaster? { holdout.scores.lazy.compactMap { $0.model as? AutoForecaster }.first }
  /// The most accurate forecast of the test part (lowest MASE).
  var mostAccurate: ScoredForecast { holdout.scores.min { $0.metrics.mase < $1.metrics.mase }! }

  /// A warning when the tutorial's network loses to seasonal naive, as it usually does.
  var tutorialWarning: String? {
    guard let tutorial = holdout.scores.first(where: { $0.name == ForecastMethod.tutorial.displayName }),
          let seasonal = holdout.scores.first(where: { $0.name == ForecastMethod.seasonalNaive.displayName }),
          tutorial.metrics.mase > seasonal.metrics.mase else { return nil }
    return "Warning: the tutorial's network (MASE \(fixed(tutorial.metrics.mase, 3))) loses to seasonal naive (MASE \(fixed(seasonal.metrics.mase, 3))) on the test part: last year's values forecast better."
  }

  /// The closing line: the most accurate method on the test part.
  var verdict: String {
    "Most accurate on the test part: \(mostAccurate.name) (MASE \(fixed(mostAccurate.metrics.mase, 3)), RMSE \(fixed(mostAccurate.metrics.rmse)))."
  }

  /// The report's first words: how the method did, in plain language, and what the future holds.
  var summary: String {
    let method = holdout.scores[0]
    let seasonal = holdout.scores.first { $0.name == ForecastMethod.seasonalNaive.displayName }
    var text = "\(method.name) forecast the last \(holdout.test.count) observations with a mean absolute error of \(fixed(method.metrics.mae)) (MASE \(fixed(method.metrics.mase, 3)))"
    if let seasonal {
      text += method.metrics.mase < seasonal.metrics.mase
        ? ", better than repeating last season (MASE \(fixed(seasonal.metrics.mase, 3)))."
        : ", worse than simply repeating last season (MASE \(fixed(seasonal.metrics.mase, 3)))."
    } else {
      text += "."
    }
    if mostAccurate.name != method.name { text += " The most accurate method on that part was \(mostAccurate.name) (MASE \(fixed(mostAccurate.metrics.mase, 3)))." }
    let first = future.forecast.dates.first.map(DateParsing.format) ?? "", last = future.forecast.dates.last.map(DateParsing.format) ?? ""
    text += " Below: its forecast of \(first) to \(last), fitted on all \(series.count) observations."
    return text
  }

  /// One sentence on the residuals.
  var diagnosticsSummary: String? {
    guard let diagnostics else { return nil }
    let p = diagnostics.ljungBoxPValue
    let verdict = p < 0.05
      ? "they are autocorrelated (p < 0.05): the method leaves a pattern it could have used"
      : "no autocorrelation is detected (p ≥ 0.05): they look like noise"
    return "\(diagnostics.residuals.count) one-step residuals (actual − forecast) of \(future.model.methodName) fitted on the whole series; Ljung–Box Q = \(fixed(diagnostics.ljungBox)) over \(diagnostics.acf.count) lags, p = \(String(format: "%.3g", p)): \(verdict)."
  }

  // MARK: Tables

  var testTable: TextTable {
    let test = holdout.test
    return TextTable(
      header: ["date", "actual", "forecast", "residual"],
      rows: test.dates.indices.map { i in
        let (actual, forecast) = (test.values[i], forecast[i])
        return [DateParsing.format(test.dates[i]), fixed(actual), fixed(forecast), fixed(actual - forecast)]
      },
      numericColumns: [1, 2, 3])
  }

  /// The future: date, forecast and each interval's bounds.
  var futureTable: TextTable {
    let forecast = future.forecast
    return TextTable(
      header: ["date", "forecast"] + intervals.columns,
      rows: forecast.dates.indices.map { i in
        [DateParsing.format(forecast.dates[i]), fixed(forecast.values[i])] + intervals.cells(forecast, step: i, format: { fixed($0) })
      },
      numericColumns: Set(1...1 + intervals.columns.count))
  }

  var metricsTable: TextTable { MetricsTable.make(holdout.scores.map { ($0.name, $0.metrics) }) }

  /// auto's validation: every option's MASE at each origin inside the training part.
  var validationTable: TextTable? {
    guard let auto, let first = auto.validation.first else { return nil }
    let origins = first.mase.indices.map { "origin \($0 + 1)" }
    return TextTable(
      header: ["option"] + origins + ["mean MASE"],
      rows: auto.validation.map { score in [score.name] + score.mase.map { fixed($0, 3) } + [fixed(score.meanMASE, 3)] },
      numericColumns: Set(1...origins.count + 1))
  }

  var decompositionSummary: String { summarize(decomposition, period: period) }

  // MARK: Charts

  var seriesChart: LineChart {
    LineChart(
      title: "\(valueName) — \(series.count) observations", panels: [
        .init(yLabel: valueName, lines: [.init(label: valueName, role: .observed, dates: series.dates, values: series.values)]),
      ],
      boundary: .init(at: holdout.test.dates[0], label: "test part"))
  }

  /// The residuals over time, their autocorrelation and their distribution.
  var residualCharts: (time: LineChart, acf: BarChart, histogram: BarChart)? {
    guard let diagnostics else { return nil }
    let time = LineChart(
      title: "One-step residuals (actual − forecast)",
      panels: [.init(yLabel: valueName, lines: [
        .init(label: "zero", role: .baseline, dates: [diagnostics.dates[0], diagnostics.dates[diagnostics.dates.count - 1]], values: [0, 0]),
        .init(label: "residual", role: .residual, dates: diagnostics.dates, values: diagnostics.residuals),
      ])],
      panelHeight: 200)
    let acf = BarChart(
      title: "Autocorrelation of the residuals (shaded: ±1.96/√n)", xLabel: "lag", yLabel: "autocorrelation",
      bars: diagnostics.acf.enumerated().map { .init(x: Double($0.offset + 1), width: 0.6, value: $0.element) }, band: diagnostics.band)
    let histogram = BarChart(
      title: "Distribution of the residuals", xLabel: "residual (\(valueName))", yLabel: "count",
      bars: diagnostics.histogram().map { .init(x: $0.lower + $0.width / 2, width: $0.width, value: Double($0.count)) })
    return (time, acf, histogram)
  }

  var decompositionChart: LineChart? {
    guard let decomposition else { return nil }
    let dates = series.dates
    return LineChart(
      title: "Seasonal decomposition (\(decomposition.model.rawValue), period \(decomposition.period))",
      panels: [
        .init(yLabel: "observed", lines: [.init(label: "observed", role: .observed, dates: dates, values: decomposition.observed)]),
        .init(yLabel: "trend", lines: [.init(label: "trend", role: .trend, dates: dates, values: decomposition.trend)]),
        .init(yLabel: "seasonal", lines: [.init(label: "seasonal", role: .seasonal, dates: dates, values: decomposition.seasonal)]),
        .init(yLabel: "residual", lines: [.init(label: "residual", role: .residual, dates: dates, values: decomposition.resid)]),
      ],
      panelHeight: 150)
  }

  var lossChart: LineChart? {
    guard let history = network?.history, !history.loss.isEmpty else { return nil }
    let epochs = history.loss.indices.map { Double($0 + 1) }
    var lines = [LineChart.Line(label: "training loss (MSE, scaled)", role: .trainingLoss, x: epochs, values: history.loss.map(Double.init))]
    if !history.validationLoss.isEmpty {
      lines.append(.init(label: "validation loss", role: .validationLoss, x: epochs, values: history.validationLoss.map(Double.init)))
    }
    return LineChart(title: "Training loss per epoch", panels: [.init(yLabel: "loss", lines: lines)], xAxis: .numbers("epoch"))
  }

  /// Bands for each interval of `forecast`, the widest palest.
  private func bands(_ forecast: ForecastResult) -> [LineChart.Band] {
    forecast.intervals.sorted { $0.level > $1.level }.enumerated().map { index, interval in
      LineChart.Band(
        label: "\(fixed(interval.level, interval.level == interval.level.rounded() ? 0 : 1))% interval", role: .forecast,
        opacity: 0.15 + 0.15 * Double(index), dates: forecast.dates, lower: interval.lower, upper: interval.upper)
    }
  }

  /// The last three seasons of the series and the forecast past its end, with its intervals.
  var futureChart: LineChart {
    let forecast = future.forecast
    let history = series[max(series.count - 3 * period, 0)..<series.count]
    let lines: [LineChart.Line] = [
      .init(label: "history", role: .observed, dates: history.dates, values: history.values),
      .init(label: "forecast (\(future.model.methodName))", role: .forecast,
            dates: [history.dates[history.count - 1]] + forecast.dates, values: [history.values[history.count - 1]] + forecast.values),
    ]
    return LineChart(
      title: "Forecast of the next \(forecast.horizon) observations", panels: [.init(yLabel: valueName, lines: lines, bands: bands(forecast))],
      boundary: forecast.dates.first.map { .init(at: $0, label: "forecast") })
  }

  /// History, the actual test part, the method's forecast with its intervals, seasonal naive and
  /// the most accurate other method.
  var forecastChart: LineChart {
    let (train, test) = (holdout.train, holdout.test)
    // The last three seasons of history, so the test months are large enough to read; the line
    // runs into the first test month so the picture has no gap.
    let history = train[max(train.count - 3 * period, 0)..<train.count]
    var lines: [LineChart.Line] = [
      .init(label: "history", role: .observed, dates: history.dates + [test.dates[0]], values: history.values + [test.values[0]]),
      .init(label: "actual", role: .actual, dates: test.dates, values: test.values),
    ]
    let others = holdout.scores.dropFirst()
    let seasonalName = ForecastMethod.seasonalNaive.displayName
    if let seasonal = others.first(where: { $0.name == seasonalName }) {
      lines.append(.init(label: seasonal.name, role: .seasonalNaive, dates: test.dates, values: seasonal.forecast.values))
    }
    // auto beside the method when it was fitted too; else the most accurate other method.
    let alternative = others.first { $0.model is AutoForecaster }
      ?? others.filter { $0.name != seasonalName }.min { $0.metrics.mase < $1.metrics.mase }
    if let alternative {
      lines.append(.init(label: alternative.name, role: .alternative, dates: test.dates, values: alternative.forecast.values))
    }
    lines.append(.init(label: holdout.scores[0].name, role: .forecast, dates: test.dates, values: forecast))
    return LineChart(
      title: "Forecast of the last \(test.count) observations", panels: [.init(yLabel: valueName, lines: lines, bands: bands(holdout.scores[0].forecast))],
      boundary: .init(at: test.dates[0], label: "test part"))
  }

  // MARK: Files

  /// The test part: `date,actual,forecast,lower_80,upper_80,…`.
  var forecastCSV: String {
    let test = holdout.test
    let header = (["date", "actual", "forecast"] + intervals.columns).joined(separator: ",")
    return ([header] + test.dates.indices.map { i in
      ([DateParsing.format(test.dates[i]), "\(test.values[i])", "\(forecast[i])"] + intervals.cells(holdout.scores[0].forecast, step: i)).joined(separator: ",")
    }).joined(separator: "\n") + "\n"
  }

  /// The future: `date,forecast,lower_80,upper_80,…`.
  var futureCSV: String {
    let forecast = future.forecast
    let header = (["date", "forecast"] + intervals.columns).joined(separator: ",")
    return ([header] + forecast.dates.indices.map { i in
      ([DateParsing.format(forecast.dates[i]), "\(forecast.values[i])"] + intervals.cells(forecast, step: i)).joined(separator: ",")
    }).joined(separator: "\n") + "\n"
  }

  struct MetricsFile: Encodable {
    struct Data: Encodable {
      var csv: String, column: String, frequency: String?, rows: Int, trainRows: Int, testRows: Int
      enum CodingKeys: String, CodingKey {
        case csv, column, frequency, rows
        case trainRows = "train_rows", testRows = "test_rows"
      }
    }
    struct Training: Encodable {
      var loss: [Float], seconds: Double, parameters: Int
    }
    var data: Data
    struct Auto: Encodable {
      var choice: String, reason: String, validation: [AutoForecaster.Score]
    }
    struct Intervals: Encodable {
      var levels: [Double]
      /// How the intervals (calibrated on the training part) did on the test part.
      var test: IntervalScore?
      var notes: [String]
    }
    struct Future: Encodable {
      var horizon: Int, first: String, last: String
    }
    var method: String
    var modelDescription: String?
    var model: ForecastMetrics
    var comparisons: [String: ForecastMetrics]
    var mostAccurate: String
    var training: Training?
    var auto: Auto?
    var intervals: Intervals
    var future: Future
    var settings: RunSettings

    enum CodingKeys: String, CodingKey {
      case data, method, model, comparisons, training, auto, intervals, future, settings
      case mostAccurate = "most_accurate", modelDescription = "model_description"
    }
  }

  /// How the method's intervals did on the test part (coverage per level, MSIS), when it has any.
  var testIntervalScore: IntervalScore? {
    let forecast = holdout.scores[0].forecast
    guard !forecast.intervals.isEmpty else { return nil }
    return try? IntervalScore(actual: holdout.test.values, intervals: forecast.intervals, training: holdout.train.values, period: period)
  }

  func metricsJSON() throws -> String {
    var comparisons: [String: ForecastMetrics] = [:]
    for score in holdout.scores.dropFirst() { comparisons[score.name] = score.metrics }
    let training = network.flatMap { network in
      network.model.map { MetricsFile.Training(loss: network.history.loss, seconds: network.trainingSeconds, parameters: $0.parameterCount) }
    }
    let file = MetricsFile(
      data: .init(csv: fileName, column: valueName, frequency: series.frequency?.alias, rows: series.count,
                  trainRows: holdout.train.count, testRows: holdout.test.count),
      method: holdout.model.methodName, modelDescription: holdout.model.modelDescription, model: holdout.scores[0].metrics,
      comparisons: comparisons,
      mostAccurate: mostAccurate.name, training: training,
      auto: auto.map { .init(choice: $0.chosen?.members.map(\.methodName).joined(separator: ", ") ?? "", reason: $0.reason, validation: $0.validation) },
      intervals: .init(
        levels: intervals.sorted, test: testIntervalScore, notes: holdout.scores[0].forecast.notes + future.forecast.notes),
      future: .init(
        horizon: future.forecast.horizon, first: future.forecast.dates.first.map(DateParsing.format) ?? "",
        last: future.forecast.dates.last.map(DateParsing.format) ?? ""),
      settings: settings)
    return String(decoding: try MetricsTable.jsonEncoder().encode(file), as: UTF8.self) + "\n"
  }

  func html() -> String {
    func figure(_ chart: LineChart) -> HTMLReport.Block { .chart(chart.svg(), narrow: chart.narrowed(to: 420).svg()) }
    func figure(_ chart: BarChart) -> HTMLReport.Block { .chart(chart.svg(), narrow: chart.narrowed(to: 420).svg()) }
    func table(_ table: TextTable) -> HTMLReport.Block { .table(header: table.header, rows: table.rows, numericColumns: table.numericColumns) }
    var blocks: [HTMLReport.Block] = [
      .callout(summary),
      .paragraph("\(fileName): \(series.count) observations of \(valueName), \(series.frequency.map { "\($0.name), \($0.alias)" } ?? "frequency unknown"), from \(DateParsing.format(series.dates[0])) to \(DateParsing.format(series.dates[series.count - 1]))."),
      .heading("Forecast"),
      .paragraph("\(future.model.methodName), fitted on all \(series.count) observations, forecasts the next \(future.forecast.horizon), with \(intervals.sorted.map { fixed($0, 0) + "%" }.joined(separator: " and ")) prediction intervals calibrated on the whole series."),
      figure(futureChart),
      table(futureTable),
    ]
    for note in future.forecast.notes { blocks.append(.paragraph(note)) }
    blocks += [
      .heading("How well it forecast the test part"),
      .paragraph("Method: \(holdout.model.methodName). Each method is fitted on the first \(holdout.train.count) observations and forecasts the last \(holdout.test.count); the intervals are calibrated on those first \(holdout.train.count) only. \(verdict)"),
      figure(forecastChart),
      table(metricsTable),
    ]
    if let tutorialWarning { blocks.append(.paragraph(tutorialWarning)) }
    if let auto, let validationTable {
      blocks += [
        .heading("How auto chose"),
        .paragraph(auto.reason + " Each option is fitted at rolling origins inside the training part only and scored on the observations after each origin."),
        table(validationTable),
      ]
    }
    blocks += [
      .heading("The test part"),
      .paragraph("The residual is the actual value minus the forecast: positive where the forecast was too low."),
      table(testTable),
    ]
    if let charts = residualCharts, let diagnosticsSummary {
      blocks += [.heading("Residual diagnostics"), .paragraph(diagnosticsSummary), figure(charts.time), figure(charts.acf), figure(charts.histogram)]
    }
    let head = series[0..<min(5, series.count)]
    blocks += [
      .heading("The series"),
      figure(seriesChart),
      .table(header: [series.dateName, valueName], rows: head.dates.indices.map { [DateParsing.format(head.dates[$0]), "\(head.values[$0])"] }, numericColumns: [1]),
    ]
    if let chart = decompositionChart {
      blocks += [.heading("Decomposition"), .paragraph(decompositionSummary), figure(chart)]
    }
    if let network, let model = network.model, let lossChart {
      blocks += [
        .heading("Model and training"),
        .preformatted(model.summary()),
        .paragraph("Trained \(network.history.loss.count) epochs in \(fixed(network.trainingSeconds, 2)) s; final loss \(network.history.loss.last.map { String(format: "%.5f", $0) } ?? "–") (MSE on scaled values)."),
        figure(lossChart),
      ]
    }
    blocks += [.heading("Settings"), .table(header: ["setting", "value"], rows: settings.rows, numericColumns: [])]
    return HTMLReport(title: "swift-forecast: \(valueName)", blocks: blocks).html()
  }

  /// Writes every output of a run into `directory`.
  func write(to directory: OutputDirectory) throws -> [String] {
    var files: [(String, String)] = [("series.svg", seriesChart.svg())]
    if let chart = decompositionChart { files.append(("decomposition.svg", chart.svg())) }
    if let chart = lossChart { files.append(("loss.svg", chart.svg())) }
    files += [
      ("forecast.svg", forecastChart.svg()), ("future.svg", futureChart.svg()), ("forecast.csv", forecastCSV), ("future.csv", futureCSV),
      ("metrics.json", try metricsJSON()), ("report.html", html()),
    ]
    try directory.write(files) { folder in try future.model.save(to: folder.appendingPathComponent("model")) }
    return files.map(\.0) + ["model/"]
  }
}
