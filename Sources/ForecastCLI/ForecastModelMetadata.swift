import ForecastSeries

/// What `model.json` holds beside the architecture: everything needed to predict from new data
/// (window, feature count, the fitted scaler) and how the model was trained.
struct ForecastModelMetadata: Codable, Sendable {
  /// Past observations per prediction.
  var window: Int
  /// Input features per time step.
  var features: Int
  /// The scaler fitted on the training part.
  var scaler: MinMaxScaler
  /// The value column trained on.
  var valueColumn: String
  /// The frequency of the training data (pandas alias), when known.
  var frequency: String?
  /// The settings `fit` ran with.
  var training: TrainingSettings

  struct TrainingSettings: Codable, Sendable {
    var cell: CellChoice
    var units: Int
    var layers: Int
    var activation: ActivationChoice
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
    case window, features, scaler, frequency, training
    case valueColumn = "value_column"
  }
}
