import Foundation
import ForecastModels
import ForecastSeries

extension EvaluateCommand {
  /// `evaluate --id-column C`: each series' own model from a collection scored on the series'
  /// last observations beside the other methods fitted on the rest; the table gives each
  /// method's mean over the series, json every series.
  func evaluateMany(idColumn: String) throws {
    let (_, models) = try ModelCollection.load(from: URL(fileURLWithPath: model.model))
    let (series, _) = try many.load(data, idColumn: idColumn)
    var scores: [String: [String: ForecastMetrics]] = [:]
    var order: [String] = []
    let failed = forEachModel(models, on: series, options: model, data: data) { named, forecaster in
      let result = try Holdout(forecaster, on: named.series, testSize: holdout.testSize(for: named.series), refit: false)
      scores[named.id] = Dictionary(uniqueKeysWithValues: result.scores.map { ($0.name, $0.metrics) })
      for score in result.scores where !order.contains(score.name) { order.append(score.name) }
    }
    switch format {
    case .json:
      Console.print(String(decoding: try MetricsTable.jsonEncoder().encode(scores), as: UTF8.self))
    case .table:
      Console.print("Each series' last observations (one season unless --test-size), \(scores.count) series; the mean over them:")
      let means = order.map { name in (name, ForecastMetrics.mean(scores.values.compactMap { $0[name] })) }
      Console.print(MetricsTable.make(means).description)
    }
    try ManySeriesFailures(failed, verb: "evaluated").check()
  }
}
