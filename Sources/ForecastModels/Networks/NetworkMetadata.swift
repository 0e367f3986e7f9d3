import Foundation
import ForecastSeries

/// What a network's `model.json` holds beside the architecture (its `metadata`): everything
/// needed to forecast from new data — the window, the scaler fitted on the training part, the
/// series it was fitted on — and how it was trained. Fields added in format version 2 (`method`,
/// `period`, `last_date`, `last_window`) are absent from version 1 files, which hold the tutorial.
struct NetworkMetadata: Codable, Sendable {
  /// `tutorial` or `lstm`.
  var method: String?
  /// Past observations per prediction.
  var window: Int
  /// Input features per time step (1).
  var features: Int
  /// The scaler fitted on the training part.
  var scaler: MinMaxScaler
  /// The value column trained on.
  var valueColumn: String
  /// The frequency of the training data, when known.
  var frequency: Frequency?
  /// The seasonal period of the training data.
  var period: Int?
  /// The last date trained on.
  var lastDate: String?
  /// The last `window` training values, scaled: where `forecast(horizon:)` starts.
  var lastWindow: [Double]?
  /// The settings `fit` ran with.
  var training: Training

  struct Training: Codable, Sendable {
    var cell: RecurrentCellKind
    var units: Int
    var layers: Int
    var activation: RecurrentActivation
    var epochs: Int
    var batchSize: Int
    var learningRate: Double
    var seed: UInt64
    var optimizer: String
    var loss: String
    var trainingRows: Int
    var finalLoss: Float?

    enum CodingKeys: String, CodingKey {
      case cell, units, layers, activation, epochs, seed, optimizer, loss
      case batchSize = "batch_size", learningRate = "learning_rate", trainingRows = "training_rows", finalLoss = "final_loss"
    }
  }

  enum CodingKeys: String, CodingKey {
    case method, window, features, scaler, frequency, period, training
    case valueColumn = "value_column", lastDate = "last_date", lastWindow = "last_window"
  }

  /// The settings the metadata records.
  var settings: NetworkSettings {
    var settings = NetworkSettings()
    settings.window = window
    settings.cell = training.cell
    settings.units = training.units
    settings.layers = training.layers
    settings.activation = training.activation
    settings.epochs = training.epochs
    settings.batchSize = training.batchSize
    settings.learningRate = training.learningRate
    settings.seed = training.seed
    return settings
  }

  /// The profile of the series trained on, when the file records its last date.
  var profile: SeriesProfile? {
    guard let lastDate, let date = DateParsing.parse(lastDate) else { return nil }
    return SeriesProfile(valueColumn: valueColumn, frequency: frequency, period: period ?? 1, count: training.trainingRows, lastDate: date)
  }
}
