import Foundation
import ForecastKernels
import ForecastNN
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

/// A trained network as a one-step forecaster of scaled values (the recursive loop runs on
/// scaled values, as the tutorial's does).
struct NetworkForecaster: OneStepForecaster {
  let model: Sequential
  let window: Int

  func predictNext(_ window: [Double]) throws -> Double {
    let input = Tensor(shape: [1, window.count, 1], scalars: window.map { Float($0) })
    return Double(try model.predict(input).scalars[0])
  }
}

/// Loads a model directory, turning its errors into the CLI's.
func loadModel(_ path: String) throws -> (model: Sequential, metadata: ForecastModelMetadata) {
  let (model, metadata) = try Sequential.load(from: URL(fileURLWithPath: path), metadata: ForecastModelMetadata.self)
  guard model.inputShape == [metadata.window, metadata.features], metadata.features == 1 else {
    throw NNError.modelFile(path: path + "/model.json", problem: "the input shape \(model.inputShape) does not match window \(metadata.window) and \(metadata.features) feature(s).")
  }
  return (model, metadata)
}
