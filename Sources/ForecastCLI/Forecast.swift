import ArgumentParser

/// The `forecast` command: recurrent-network forecasting of a dated series, the Keras tutorial's
/// workflow in one binary. With no subcommand it runs the reference pipeline on the bundled data.
public struct Forecast: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "forecast",
    abstract: "Forecast a time series with classical methods and recurrent networks, scored beside honest baselines.",
    discussion: "With no subcommand, runs the reference pipeline (run) on the bundled monthly milk production data and writes ./forecast-output/.",
    subcommands: [
      RunCommand.self, HeadCommand.self, DecomposeCommand.self, TrainCommand.self, PredictCommand.self,
      EvaluateCommand.self, BacktestCommand.self, SummaryCommand.self, BenchCommand.self,
    ],
    defaultSubcommand: RunCommand.self)

  public init() {}
}
