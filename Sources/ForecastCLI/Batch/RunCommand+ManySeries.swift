import Foundation
import ForecastModels
import ForecastSeries

extension RunCommand {
  /// `run --id-column C`: every series of a long-format CSV (or this process's shard of them)
  /// forecast on its own, in parallel on every core; the outputs in long format, and a report
  /// over the series. The method defaults to ETS here: the tutorial's network is no forecaster
  /// for thousands of series.
  func runMany(idColumn: String) throws {
    let directory = try OutputDirectory(path: output.output)
    let (series, total) = try many.load(data, idColumn: idColumn)
    let shard = try many.parsedShard()
    var method = self.method
    if method.method == nil && !method.network.changesNetwork && !method.arima.fixesOrders { method.method = .ets }
    let chosen = method.chosen
    let say: (String) -> Void = { [quiet] in if !quiet { Console.print($0) } }
    let part = shard.map { " (shard \($0) of \(total))" } ?? ""
    say("Forecasting \(series.count) series\(part) from \(data.fileName) with \(chosen.rawValue) on \(ProcessInfo.processInfo.activeProcessorCount) cores.")
    let batch = BatchForecast(
      testSize: holdout.testSize, horizon: horizon, levels: intervals.sorted,
      makeForecaster: { [method] series in try method.makeForecaster(period: series.seasonalPeriod, log: nil) })
    let start = ContinuousClock.now
    let outcomes = chosen == .global ? batch.runGlobal(series, settings: method.network.settings(over: .global)) : batch.run(series)
    let elapsed = (ContinuousClock.now - start).components
    let settings = BatchOutput.Settings(
      file: data.fileName, method: chosen.rawValue, testSize: holdout.testSize, horizon: horizon, levels: intervals.sorted, shard: shard?.description)
    let files = BatchOutput(settings: settings, outcomes: outcomes, intervals: intervals)
    say(BatchReport(output: files).verdict + " \(fixed(Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18, 1)) s.")
    let written = try files.write(to: directory)
    say("Wrote \(written.joined(separator: ", ")) to \(directory.url.path)")
  }
}
