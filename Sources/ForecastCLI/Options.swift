import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// Where the series comes from.
struct DataOptions: ParsableArguments {
  @Option(help: "A CSV file with a date column and a value column. (default: the bundled monthly milk production data)")
  var csv: String?

  @Option(help: "The date column. (default: the first column)")
  var dateColumn: String?

  @Option(help: "The value column to forecast. (default: the first numeric column after the dates)")
  var valueColumn: String?

  @Flag(help: "Fill missing dates of a regular series by linear interpolation instead of stopping.")
  var fillGaps = false

  @Option(help: "The field delimiter: a character such as ';' or '|', or 'tab'. (default: sniffed from the first lines: comma, semicolon, tab or bar)")
  var delimiter: String?

  @Option(help: "The decimal mark, '.' or ',' (for numbers such as 1.234,5).")
  var decimal = "."

  /// The file read.
  var path: String { csv ?? BundledData.milkProductionPath }

  /// The file as the user knows it.
  var displayName: String { csv ?? "the bundled monthly milk production data" }

  /// The file's name without its folders, for reports that may travel.
  var fileName: String { URL(fileURLWithPath: path).lastPathComponent }

  /// How the file writes fields and numbers.
  /// - Throws: `SeriesError.invalidArgument` for a delimiter or decimal mark that is not one character, or a bad pair.
  func dialect() throws(SeriesError) -> CSVDialect {
    let delimiter = self.delimiter.map { $0.lowercased() == "tab" || $0 == "\\t" ? "\t" : $0 }
    guard delimiter.map({ $0.count == 1 }) ?? true else {
      throw .invalidArgument("--delimiter is one character, such as ';' or '|', or 'tab'; received '\(self.delimiter!)'.")
    }
    guard decimal.count == 1 else { throw .invalidArgument("--decimal is '.' or ','; received '\(decimal)'.") }
    return try CSVDialect(delimiter: delimiter?.first, decimal: decimal.first!)
  }

  /// Reads the series.
  func load() throws(SeriesError) -> TimeSeries {
    try TimeSeries.read(
      csv: path,
      options: CSVOptions(dateColumn: dateColumn, valueColumns: valueColumn.map { [$0] } ?? [], fillGaps: fillGaps, dialect: dialect()))
  }
}

extension ForecastMethod: ExpressibleByArgument {}
extension RecurrentCellKind: ExpressibleByArgument {}
extension RecurrentActivation: ExpressibleByArgument {}
extension NetworkScaling: ExpressibleByArgument {}

/// How the networks are built and trained: the tutorial's settings unless given.
struct NetworkOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Network: past observations it reads to predict the next one. (default: 12 for the tutorial, 24 for lstm and hybrid, or one season when that is longer)")
  var window: Int?

  @Option(help: "Network: the recurrent cell, \(RecurrentCellKind.allCases.map(\.rawValue).joined(separator: ", ")). (default: lstm)")
  var cell: RecurrentCellKind?

  @Option(parsing: .unconditional, help: "Network: units of each recurrent layer. (default: 100)")
  var units: Int?

  @Option(parsing: .unconditional, help: "Network: stacked recurrent layers. (default: 1)")
  var layers: Int?

  @Option(help: "Network: activation of the recurrent layers, relu or tanh. (default: relu)")
  var activation: RecurrentActivation?

  @Option(parsing: .unconditional, help: "Network: passes over the training windows, at least 1. (default: 5)")
  var epochs: Int?

  @Option(parsing: .unconditional, help: "Network: windows per gradient step. (default: 1)")
  var batchSize: Int?

  @Option(parsing: .unconditional, help: "Network: Adam's learning rate. (default: 0.001)")
  var learningRate: Double?

  @Option(help: "Network: how values are scaled: min-max (the tutorial's), level (logs, seasonal indices, each window from a smoothed level), box-cox-level (Guerrero's Box–Cox instead of logs) or difference (each window from its last value). (default: min-max)")
  var scaling: NetworkScaling?

  @Option(parsing: .unconditional, help: "Network: steps predicted at once; 1 forecasts recursively. (default: 1)")
  var outputSteps: Int?

  @Option(parsing: .unconditional, help: "Network: networks trained with consecutive seeds; the forecast is their median. (default: 1)")
  var ensembleSize: Int?

  @Option(parsing: .unconditional, help: "Network: fraction of the latest windows held out to validate each epoch. (default: 0)")
  var validationSplit: Double?

  @Option(parsing: .unconditional, help: "Network: stop after this many epochs without a better validation loss, keeping the best epoch. (default: no early stopping)")
  var patience: Int?

  @Option(help: "hybrid: the method the network corrects; seasonal-naive makes it learn seasonal differences. (default: ets)")
  var base: ForecastMethod?

  @Option(parsing: .unconditional, help: "Network: seed for the initial weights and the shuffling; the same seed gives the same model.")
  var seed: UInt64 = 42

  /// Whether an option that changes the tutorial's network was given.
  var changesNetwork: Bool {
    window != nil || cell != nil || units != nil || layers != nil || activation != nil || epochs != nil
      || batchSize != nil || learningRate != nil || scaling != nil || outputSteps != nil || ensembleSize != nil
      || validationSplit != nil || patience != nil
  }

  /// The network the options describe: `defaults` (the tutorial's), changed where given; without
  /// `--window`, windows span at least one season of `period`.
  func settings(over defaults: NetworkSettings = NetworkSettings(), period: Int = 1) -> NetworkSettings {
    var settings = defaults
    settings.window = window ?? max(settings.window, period)
    settings.cell = cell ?? settings.cell
    settings.units = units ?? settings.units
    settings.layers = layers ?? settings.layers
    settings.activation = activation ?? settings.activation
    settings.epochs = epochs ?? settings.epochs
    settings.batchSize = batchSize ?? settings.batchSize
    settings.learningRate = learningRate ?? settings.learningRate
    settings.scaling = scaling ?? settings.scaling
    settings.outputSteps = outputSteps ?? settings.outputSteps
    settings.ensembleSize = ensembleSize ?? settings.ensembleSize
    settings.validationSplit = validationSplit ?? settings.validationSplit
    settings.patience = patience ?? settings.patience
    settings.base = base ?? settings.base
    settings.seed = seed
    return settings
  }

  func validate() throws {
    if let epochs, epochs == 0 {
      throw ValidationError("--epochs must be at least 1: a network trained for 0 epochs forecasts with its random initial weights.")
    }
    do { try settings().validate() } catch { throw ValidationError(error.description) }
  }
}

/// What `ensemble` combines and what `auto` chooses from.
struct CombinationOptions: ParsableArguments {
  @Option(help: "ensemble: the methods combined, separated by commas. (default: the classical methods, ets,theta)")
  var members: String?

  @Option(help: "ensemble: mean or median of the members' forecasts.")
  var combination: Combination = .mean

  @Option(help: "auto: the methods it chooses from, separated by commas. (default: \(AutoForecaster.defaultCandidates.map(\.rawValue).joined(separator: ",")))")
  var candidates: String?

  func validate() throws {
    _ = try methods(members, option: "--members")
    _ = try methods(candidates, option: "--candidates")
  }

  /// The settings of `ensemble` and `auto`, over `settings`.
  func apply(to settings: MethodSettings) throws -> MethodSettings {
    var settings = settings
    settings.members = try methods(members, option: "--members")
    settings.combination = combination
    settings.candidates = try methods(candidates, option: "--candidates")
    return settings
  }
}

extension Combination: ExpressibleByArgument {}

/// The methods named in `list` (separated by commas), nil for none given.
/// - Throws: `ValidationError` naming `option` and the unknown method.
func methods(_ list: String?, option: String) throws -> [ForecastMethod]? {
  guard let list else { return nil }
  do {
    return try list.split(separator: ",").map { name throws(ModelError) in try ForecastMethod(named: name.trimmingCharacters(in: .whitespaces)) }
  } catch {
    throw ValidationError("\(option): \(error.description)")
  }
}

/// The orders of an ARIMA model of the user's choosing (`fixed-arima`).
struct ARIMAOptions: ParsableArguments {
  @Option(help: "ARIMA: the order p,d,q; with it, --method arima fits these orders instead of searching. (example: 0,1,1)")
  var order: String?

  @Option(help: "ARIMA: the seasonal order P,D,Q at the series' season. (default: 0,0,0)")
  var seasonalOrder: String?

  @Flag(help: "ARIMA: add a drift to a model differenced once.")
  var drift = false

  @Flag(help: "ARIMA: no mean for an undifferenced model.")
  var noMean = false

  /// Whether an option that fixes the orders was given.
  var fixesOrders: Bool { order != nil || seasonalOrder != nil || drift || noMean }

  func validate() throws { _ = try model() }

  /// The model the options describe.
  func model() throws -> ARIMA {
    ARIMA(order: try parse(order, option: "--order"), seasonalOrder: try parse(seasonalOrder, option: "--seasonal-order"),
          includeMean: !noMean, includeDrift: drift)
  }

  private func parse(_ text: String?, option: String) throws -> ARIMAOrder {
    guard let text else { return .none }
    let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 3, let p = parts[0], let d = parts[1], let q = parts[2], [p, d, q].allSatisfy({ (0...30).contains($0) }) else {
      throw ValidationError("\(option) takes three whole numbers from 0 to 30 separated by commas, such as 1,1,1; received '\(text)'.")
    }
    return ARIMAOrder(p, d, q)
  }
}

/// One forecasting method and, for the networks, how they are built and trained.
struct MethodOptions: ParsableArguments {
  @Option(help: "The forecasting method: \(ForecastMethod.allCases.map(\.rawValue).joined(separator: ", ")). (default: tutorial; lstm when a network option is given; ets for many series with --id-column)")
  var method: ForecastMethod?

  @OptionGroup var network: NetworkOptions
  @OptionGroup var combination: CombinationOptions
  @OptionGroup var arima: ARIMAOptions

  /// The method run: `--method`, or the tutorial — `lstm` when network options change it; ARIMA
  /// options fix the orders of `arima`.
  var chosen: ForecastMethod {
    if arima.fixesOrders && (method == nil || method == .arima) { return .fixedArima }
    return method ?? (network.changesNetwork ? .lstm : .tutorial)
  }

  func validate() throws {
    if network.base != nil && chosen != .hybrid {
      throw ValidationError("--base names the method a hybrid corrects; use it with --method hybrid.")
    }
    if method == .tutorial && network.changesNetwork {
      throw ValidationError("The tutorial's network is fixed (LSTM(100, relu) on windows of 12, 5 epochs at batch size 1, Adam 0.001); use --method lstm to change it.")
    }
  }

  /// A new forecaster of the chosen method for a series of seasonal `period`; a network's summary
  /// and progress go to `log`. Network options change the recommended network of `--method lstm`
  /// and `hybrid`, or, without `--method`, the tutorial's; windows span at least a season.
  func makeForecaster(period: Int, log: (@Sendable (String) -> Void)?) throws -> any Forecaster {
    var forecaster: NetworkForecaster
    switch chosen {
    case .tutorial: forecaster = .tutorial(seed: network.seed, window: max(12, period))
    case .lstm:
      forecaster = NetworkForecaster(settings: network.settings(over: method == nil ? NetworkSettings() : .recommended, period: period))
    case .hybrid: forecaster = NetworkForecaster(settings: network.settings(over: .hybrid(), period: period))
    case .global:
      var global = GlobalNetwork(settings: network.settings(over: .global, period: period))
      global.log = log
      return global
    default:
      var settings = try combination.apply(to: MethodSettings())
      settings.arima = try arima.model()
      return chosen.makeForecaster(settings)
    }
    forecaster.log = log
    return forecaster
  }
}

/// The split into a training part and a test part.
struct HoldoutOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Observations held out at the end: every method is fitted on the rest and forecasts these. (default: one season: 12 monthly, 7 daily, 4 quarterly, 24 hourly; at least 4)")
  var testSize: Int?

  func validate() throws {
    if let testSize, testSize < 1 { throw ValidationError("--test-size must be at least 1, received \(testSize).") }
  }

  /// The test size for `series`: `--test-size`, or one season.
  func testSize(for series: TimeSeries) -> Int { testSize ?? series.defaultHorizon }
}

/// The prediction intervals asked for.
struct IntervalOptions: ParsableArguments {
  @Option(name: .customLong("level"), parsing: .unconditionalSingleValue, help: "Prediction-interval levels in percent; repeat the option for several.")
  var levels: [Double] = [80, 95]

  func validate() throws {
    if let bad = levels.first(where: { !($0 > 0 && $0 < 100) }) {
      throw ValidationError("--level must be a percentage between 0 and 100 (exclusive), received \(bad).")
    }
  }

  /// The levels, ascending and without repeats.
  var sorted: [Double] { Array(Set(levels)).sorted() }

  /// The CSV columns of the bounds: `lower_80,upper_80,lower_95,upper_95`.
  var columns: [String] { Self.columns(for: sorted) }

  /// The CSV columns of the bounds at `levels` (ascending).
  static func columns(for levels: [Double]) -> [String] { levels.flatMap { ["lower_\(name($0))", "upper_\(name($0))"] } }

  /// The bounds of `forecast` at step `step`, in the order of `columns` (empty cells for a level
  /// the forecast has no interval at).
  func cells(_ forecast: ForecastResult, step: Int, format: (Double) -> String = { "\($0)" }) -> [String] {
    sorted.flatMap { level -> [String] in
      guard let interval = forecast.intervals.first(where: { $0.level == level }) else { return ["", ""] }
      return [format(interval.lower[step]), format(interval.upper[step])]
    }
  }

  /// A level as the column names write it: `80`, `97.5`.
  static func name(_ level: Double) -> String { level == level.rounded() ? String(Int(level)) : String(level) }
}

/// Where a run writes its files.
struct OutputOptions: ParsableArguments {
  @Option(help: "The folder for the report, charts, CSV, metrics and model.")
  var output = "forecast-output"
}

/// A stored model, and the data it is used on.
struct ModelOptions: ParsableArguments {
  @Option(help: "A model directory written by `forecast train` or `forecast run`.")
  var model: String

  @Flag(help: "Use the model on data whose value column or frequency differs from the data it was fitted on.")
  var allowMismatch = false

  /// Reads the model.
  func load() throws -> any Forecaster { try ForecastMethod.load(from: URL(fileURLWithPath: model)) }

  /// Refuses `series` (read from `name`) when it is not the kind of data `forecaster` was fitted
  /// on, unless `--allow-mismatch`.
  func check(_ series: TimeSeries, named name: String, for forecaster: any Forecaster) throws {
    guard !allowMismatch, let mismatch = forecaster.profile?.mismatch(with: series) else { return }
    throw ValidationError("\(mismatch) (\(name), model \(model)). Use data like the model's, or pass --allow-mismatch to use it anyway.")
  }
}

/// Table or machine-readable output: a table, CSV or JSON.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case table, csv, json
}

/// A table or CSV (for commands whose output is one table of values).
enum TableOrCSV: String, ExpressibleByArgument, CaseIterable, Sendable {
  case table, csv
}

/// A table or JSON (for commands whose output is a set of named measures).
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable, Sendable {
  case table, json
}
