import ArgumentParser
import ForecastSeries

/// `forecast head`: the first rows, the frequency and the row count.
struct HeadCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "head", abstract: "Show the first rows of a series, its inferred frequency and its length.")

  @OptionGroup var data: DataOptions

  @Option(name: .short, parsing: .unconditional, help: "Rows to show.")
  var n = 5

  func run() throws {
    let series = try data.load()
    Console.print(series.head(n))
    Console.print("")
    Console.print(describe(series))
  }
}
