import Foundation
import ForecastKernels
import ForecastNN
import ForecastSeries

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

/// Loads a model directory and checks that it reads windows of one feature, as the CLI makes them.
func loadModel(_ path: String) throws -> (model: Sequential, metadata: ForecastModelMetadata) {
  let (model, metadata) = try Sequential.load(from: URL(fileURLWithPath: path), metadata: ForecastModelMetadata.self)
  guard model.inputShape == [metadata.window, metadata.features], metadata.features == 1 else {
    throw NNError.modelFile(path: path + "/model.json", problem: "the input shape \(model.inputShape) does not match window \(metadata.window) and \(metadata.features) feature(s).")
  }
  return (model, metadata)
}
