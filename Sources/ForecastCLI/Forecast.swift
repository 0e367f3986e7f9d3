import ArgumentParser

/// The `forecast` command: forecasting of dated series with classical methods and recurrent
/// networks, the Keras tutorial's workflow and what beats it, in one binary. With no subcommand it
/// runs the whole pipeline on the bundled data.
public struct Forecast: ParsableCommand {
  /// This build's version, as `forecast --version` prints it.
  public static let version = "0.2.0"

  public static let configuration = CommandConfiguration(
    commandName: "forecast",
    abstract: "Forecast a time series with classical methods and recurrent networks, scored beside honest baselines.",
    discussion: "With no subcommand, runs the whole pipeline (run) on the bundled monthly milk production data and writes ./forecast-output/.",
    version: version,
    subcommands: [
      RunCommand.self, HeadCommand.self, DecomposeCommand.self, TrainCommand.self, PredictCommand.self,
      EvaluateCommand.self, BacktestCommand.self, MergeCommand.self, SummaryCommand.self, BenchCommand.self,
    ],
    defaultSubcommand: RunCommand.self)

  public init() {}
}
