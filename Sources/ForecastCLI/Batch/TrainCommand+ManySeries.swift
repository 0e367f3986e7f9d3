import Foundation
import ForecastModels

extension TrainCommand {
  /// `train --id-column C`: the method fitted on every series of a long-format CSV (or this
  /// process's shard), in parallel, saved as one collection of model directories. Series that
  /// cannot be fitted are listed; with any of them the command fails after saving the others.
  func trainMany(idColumn: String) throws {
    let (series, total) = try many.load(data, idColumn: idColumn)
    var method = self.method
    if method.method == nil && !method.network.changesNetwork && !method.arima.fixesOrders { method.method = .ets }
    let say: (String) -> Void = { [quiet] in if !quiet { Console.print($0) } }
    let shard = try many.parsedShard().map { " (shard \($0) of \(total))" } ?? ""
    say("Fitting \(method.chosen.rawValue) on \(series.count) series\(shard) from \(data.fileName) on \(ProcessInfo.processInfo.activeProcessorCount) cores.")
    let batch = BatchForecast(
      testSize: testSize, horizon: horizon, levels: intervals.sorted,
      makeForecaster: { [method] series in try method.makeForecaster(period: series.seasonalPeriod, log: nil) })
    var fitted: [(id: String, model: any Forecaster)] = []
    var failed: [String] = []
    for (id, result) in batch.fit(series) {
      switch result {
      case .success(let model): fitted.append((id, model))
      case .failure(let error): failed.append("\(id): \(error)")
      }
    }
    let url = URL(fileURLWithPath: saveModel)
    if !fitted.isEmpty { try ModelCollection.save(fitted, idColumn: idColumn, to: url) }
    say("Saved \(fitted.count) \(method.chosen.rawValue) models to \(url.path).")
    try ManySeriesFailures(failed, verb: "fitted").check()
  }
}
