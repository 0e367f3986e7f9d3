import ArgumentParser
import ForecastModels
import ForecastSeries

extension SeasonalDecomposition.Model: ExpressibleByArgument {}

/// `forecast decompose`: statsmodels' `seasonal_decompose` on a series.
struct DecomposeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decompose", abstract: "Split a series into trend, seasonal and residual parts (statsmodels' seasonal_decompose).")

  @OptionGroup var data: DataOptions

  @Option(parsing: .unconditional, help: "The seasonal period. (default: from the frequency: 12 monthly, 7 daily, 4 quarterly, 52 weekly, 24 hourly)")
  var period: Int?

  @Option(help: "additive or multiplicative.")
  var model: SeasonalDecomposition.Model = .additive

  @Option(parsing: .unconditional, help: "Fill the trend's ends from lines fitted to this many nearest points (0: leave them empty).")
  var extrapolateTrend = 0

  @Option(help: "csv (date,observed,trend,seasonal,resid; empty cells for NaN) or table.")
  var format: TableOrCSV = .csv

  func run() throws {
    let series = try data.load()
    let period = self.period ?? series.seasonalPeriod
    let result = try SeasonalDecomposition(series.values, period: period, model: model, extrapolateTrend: extrapolateTrend)
    let dates = series.dates.map(DateParsing.format)
    let columns = [result.observed, result.trend, result.seasonal, result.resid]
    switch format {
    case .csv:
      let rows = dates.indices.map { i in
        ([dates[i]] + columns.map { $0[i].isNaN ? "" : "\($0[i])" }).joined(separator: ",")
      }
      Console.print((["date,observed,trend,seasonal,resid"] + rows).joined(separator: "\n"))
    case .table:
      Console.print(TextTable(
        header: ["date", "observed", "trend", "seasonal", "resid"],
        rows: dates.indices.map { i in [dates[i]] + columns.map { $0[i].isNaN ? "NaN" : fixed($0[i], 4) } },
        numericColumns: [1, 2, 3, 4]).description)
      Console.print(summarize(result, period: period))
    }
  }
}
