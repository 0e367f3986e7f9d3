import Foundation
import ForecastModels
import ForecastSeries

extension PredictCommand {
  /// `predict --id-column C`: each series of a long-format CSV forecast by its own model from a
  /// collection (`train --id-column`), in long format: `series,date,forecast,lower_80,…`.
  func predictMany(idColumn: String) throws {
    let (_, models) = try ModelCollection.load(from: URL(fileURLWithPath: model.model))
    let (series, _) = try many.load(data, idColumn: idColumn)
    var rows: [[String]] = []
    let failed = forEachModel(models, on: series, options: model, data: data) { named, forecaster in
      let forecast = try forecaster.forecast(horizon: horizon, after: named.series, levels: intervals.sorted)
      let format: (Double) -> String = self.format == .csv ? { "\($0)" } : { fixed($0) }
      rows += forecast.dates.indices.map { step in
        [named.id, DateParsing.format(forecast.dates[step]), format(forecast.values[step])] + intervals.cells(forecast, step: step, format: format)
      }
      for note in forecast.notes { Console.error("\(named.id): \(note)") }
    }
    let header = ["series", "date", "forecast"] + intervals.columns
    switch format {
    case .csv: Console.print(([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n"))
    case .table: Console.print(TextTable(header: header, rows: rows, numericColumns: Set(2..<header.count)).description)
    }
    try ManySeriesFailures(failed, verb: "forecast").check()
  }
}

/// Runs `body` on each series with its own model from `models`, after the checks `ModelOptions`
/// makes for one series; returns a line for each series without a model or whose check or body
/// threw.
func forEachModel(
  _ models: [String: any Forecaster], on series: [NamedSeries], options: ModelOptions, data: DataOptions,
  _ body: (NamedSeries, any Forecaster) throws -> Void
) -> [String] {
  var failed: [String] = []
  for named in series {
    guard let forecaster = models[named.id] else {
      failed.append("\(named.id): the collection \(options.model) has no model for this series.")
      continue
    }
    do {
      try options.check(named.series, named: "\(data.displayName), series '\(named.id)'", for: forecaster)
      try body(named, forecaster)
    } catch {
      failed.append("\(named.id): \(error)")
    }
  }
  return failed
}
