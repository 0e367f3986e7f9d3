import ForecastModels
import ForecastSeries

/// What a run was asked to do — the report's settings table and the `settings` of metrics.json —
/// so a run can be repeated from its outputs.
struct RunSettings: Encodable {
  var version = Forecast.version
  /// The CSV file's name (not its folders).
  var file: String
  var valueColumn: String
  var method: String
  var testSize: Int
  var horizon: Int
  var levels: [Double]
  /// The network's settings (seed, window, epochs, learning rate, batch size …), for networks.
  var network: NetworkSettings?
  /// The methods an ensemble combines or auto chooses from.
  var methods: [String]?

  enum CodingKeys: String, CodingKey {
    case version, file, method, horizon, levels, network, methods
    case valueColumn = "value_column", testSize = "test_size"
  }

  /// The settings of `model` (fitted), run on `file` with these sizes.
  init(model: any Forecaster, file: String, series: TimeSeries, testSize: Int, horizon: Int, levels: [Double]) {
    self.file = file
    valueColumn = series.columnNames[0]
    method = model.methodName
    self.testSize = testSize
    self.horizon = horizon
    self.levels = levels
    network = (model as? NetworkForecaster)?.settings
    methods = (model as? EnsembleForecaster)?.methods.map(\.rawValue) ?? (model as? AutoForecaster)?.candidates.map(\.rawValue)
  }

  /// The settings as table rows: name, value.
  var rows: [[String]] {
    var rows = [
      ["version", version], ["file", file], ["value column", valueColumn], ["method", method],
      ["test size", "\(testSize)"], ["horizon", "\(horizon)"], ["interval levels", levels.map { fixed($0, 0) + "%" }.joined(separator: ", ")],
    ]
    if let methods { rows.append([method == "auto" ? "candidates" : "members", methods.joined(separator: ", ")]) }
    if let s = network {
      rows += [
        ["network", "\(s.cell.rawValue)(\(s.units), \(s.activation.rawValue)) × \(s.layers), window \(s.window), \(s.outputSteps) step\(s.outputSteps == 1 ? "" : "s") at once"],
        ["scaling", s.scaling.rawValue], ["epochs", "\(s.epochs)"], ["batch size", "\(s.batchSize)"],
        ["learning rate", "\(s.learningRate)"], ["seed", "\(s.seed)"], ["ensemble", "\(s.ensembleSize)"],
      ]
      if let patience = s.patience { rows.append(["early stopping", "patience \(patience) on the latest \(fixed(100 * s.validationSplit, 0))% of windows"]) }
      if let base = s.base { rows.append(["base", base.rawValue]) }
    }
    return rows
  }
}
