import Foundation
import ForecastNN
import ForecastPlot
import ForecastSeries

/// The files and tables of a run, built from the pipeline's result.
struct RunReport {
  var series: TimeSeries
  var csvPath: String
  var decomposition: SeasonalDecomposition?
  var result: ReferencePipeline.Result
  var trainingSeconds: Double { result.trainingSeconds }

  var valueName: String { series.columnNames[0] }

  // MARK: Tables

  var testTable: TextTable {
    TextTable(
      header: ["date", "actual", "forecast", "error"],
      rows: result.test.dates.indices.map { i in
        let (actual, forecast) = (result.test.values[i], result.forecast[i])
        return [DateParsing.format(result.test.dates[i]), fixed(actual), fixed(forecast), fixed(forecast - actual)]
      },
      numericColumns: [1, 2, 3])
  }

  var metricsTable: TextTable { Scoring.table(result.metrics) }

  var decompositionSummary: String { summarize(decomposition, period: result.period) }

  // MARK: Charts

  var seriesChart: LineChart {
    LineChart(title: "\(valueName) — \(series.count) observations", panels: [
      .init(yLabel: valueName, lines: [.init(label: valueName, role: .observed, dates: series.dates, values: series.values)]),
    ])
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

  var lossChart: LineChart {
    let epochs = result.history.loss.indices.map { Double($0 + 1) }
    var lines = [LineChart.Line(label: "training loss (MSE, scaled)", role: .trainingLoss, x: epochs, values: result.history.loss.map(Double.init))]
    if !result.history.validationLoss.isEmpty {
      lines.append(.init(label: "validation loss", role: .validationLoss, x: epochs, values: result.history.validationLoss.map(Double.init)))
    }
    return LineChart(title: "Training loss per epoch", panels: [.init(yLabel: "loss", lines: lines)], xAxis: .numbers("epoch"))
  }

  var forecastChart: LineChart {
    let test = result.test
    // The last three seasons of history, so the test months are large enough to read; the line
    // runs into the first test month so the picture has no gap.
    let history = result.train[max(result.train.count - 3 * result.period, 0)..<result.train.count]
    var lines: [LineChart.Line] = [
      .init(label: "history", role: .observed, dates: history.dates + [test.dates[0]], values: history.values + [test.values[0]]),
      .init(label: "actual", role: .actual, dates: test.dates, values: test.values),
    ]
    let roles: [Baseline: SeriesRole] = [.naive: .naive, .seasonalNaive: .seasonalNaive, .drift: .drift]
    for (baseline, values) in result.baselines {
      lines.append(.init(label: baseline.name, role: roles[baseline]!, dates: test.dates, values: values))
    }
    lines.append(.init(label: "forecast", role: .forecast, dates: test.dates, values: result.forecast))
    return LineChart(title: "Forecast of the last \(test.count) observations", panels: [.init(yLabel: valueName, lines: lines)])
  }

  // MARK: Files

  var forecastCSV: String {
    (["date,actual,forecast"] + result.test.dates.indices.map { i in
      "\(DateParsing.format(result.test.dates[i])),\(result.test.values[i]),\(result.forecast[i])"
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
    var model: ForecastMetrics
    var baselines: [String: ForecastMetrics]
    var training: Training
  }

  func metricsJSON() throws -> String {
    var baselines: [String: ForecastMetrics] = [:]
    for (name, metrics) in result.metrics.dropFirst() { baselines[name] = metrics }
    let file = MetricsFile(
      data: .init(csv: csvPath, column: valueName, frequency: series.frequency?.alias, rows: series.count,
                  trainRows: result.train.count, testRows: result.test.count),
      model: result.metrics[0].metrics, baselines: baselines,
      training: .init(loss: result.history.loss, seconds: trainingSeconds, parameters: result.model.parameterCount))
    return String(decoding: try Scoring.jsonEncoder().encode(file), as: UTF8.self) + "\n"
  }

  func html() -> String {
    var blocks: [HTMLReport.Block] = [
      .paragraph("\(csvPath): \(series.count) observations of \(valueName), \(series.frequency.map { "\($0.name), \($0.alias)" } ?? "frequency unknown"), from \(DateParsing.format(series.dates[0])) to \(DateParsing.format(series.dates[series.count - 1]))."),
      .heading("Forecast"),
      .chart(forecastChart.svg()),
      .table(header: metricsTable.header, rows: metricsTable.rows, numericColumns: metricsTable.numericColumns),
      .table(header: testTable.header, rows: testTable.rows, numericColumns: testTable.numericColumns),
      .heading("The series"),
      .chart(seriesChart.svg()),
      .preformatted(series.head()),
    ]
    if let chart = decompositionChart {
      blocks += [.heading("Decomposition"), .paragraph(decompositionSummary), .chart(chart.svg())]
    }
    blocks += [
      .heading("Model and training"),
      .preformatted(result.model.summary()),
      .paragraph("Trained \(result.history.loss.count) epochs in \(fixed(trainingSeconds, 2)) s; final loss \(result.history.loss.last.map { String(format: "%.5f", $0) } ?? "–") (MSE on scaled values)."),
      .chart(lossChart.svg()),
    ]
    return HTMLReport(title: "swift-forecast: \(valueName)", blocks: blocks).html()
  }

  /// Writes every output of a run into `directory`.
  func write(to directory: OutputDirectory) throws -> [String] {
    var files: [(String, String)] = [
      ("series.svg", seriesChart.svg()), ("loss.svg", lossChart.svg()), ("forecast.svg", forecastChart.svg()),
      ("forecast.csv", forecastCSV), ("metrics.json", try metricsJSON()), ("report.html", html()),
    ]
    if let chart = decompositionChart { files.insert(("decomposition.svg", chart.svg()), at: 1) }
    for (name, content) in files { try directory.write(content, to: name) }
    try result.model.save(to: directory.url.appendingPathComponent("model"), metadata: result.metadata)
    return files.map(\.0) + ["model/"]
  }
}
