import ArgumentParser
import Foundation
import ForecastSeries

/// `forecast run` (the default): the whole reference pipeline on one series.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the reference pipeline: look, decompose, train, forecast the test part, score against baselines, write a report.")

  @OptionGroup var data: DataOptions
  @OptionGroup var training: TrainingOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let directory = try OutputDirectory(path: output.output)
    let series = try data.load()
    let say: (String) -> Void = { if !training.quiet { Console.print($0) } }
    say(series.head())
    say("")
    say(describe(series))
    let period = ReferencePipeline.period(of: series)
    let decomposition = series.count >= 2 * period ? try SeasonalDecomposition(series.values, period: period) : nil
    say(summarize(decomposition, period: period))
    say("")
    let result = try ReferencePipeline(series: series, options: training).run(log: say)
    let report = RunReport(series: series, csvPath: data.displayName, decomposition: decomposition, result: result)
    say("")
    say("Forecast of the last \(result.test.count) observations:")
    say(report.testTable.description)
    say("")
    say(report.metricsTable.description)
    let files = try report.write(to: directory)
    say("")
    say("Wrote \(files.joined(separator: ", ")) to \(directory.url.path)")
  }
}

/// "Frequency: MS (monthly (month start)); 168 rows from 1962-01-01 to 1975-12-01."
func describe(_ series: TimeSeries) -> String {
  let frequency = series.frequency.map { "\($0.alias), \($0.name)" } ?? "unknown (fewer than three regular dates)"
  return "Frequency: \(frequency); \(series.count) rows from \(DateParsing.format(series.dates[0])) to \(DateParsing.format(series.dates[series.count - 1]))."
}

/// One line on the decomposition's strengths, or why there is none.
func summarize(_ decomposition: SeasonalDecomposition?, period: Int) -> String {
  guard let decomposition else {
    return "Decomposition: skipped (it needs two full periods, \(2 * period) observations)."
  }
  return "Decomposition (\(decomposition.model.rawValue), period \(decomposition.period)): strength of trend \(fixed(decomposition.trendStrength, 3)), strength of seasonality \(fixed(decomposition.seasonalStrength, 3))."
}
