import Foundation
import ForecastKernels
@testable import ForecastNN

/// The cases written by `scripts/make-nn-fixtures.py` from Keras 3.
struct KerasFixture: Decodable {
  struct NamedTensor: Decodable {
    var name: String
    var shape: [Int]
    var values: [Float]
  }

  struct KerasLayer: Decodable {
    var className: String
    var units: Int
    var activation: String
    var returnSequences: Bool?

    enum CodingKeys: String, CodingKey {
      case className = "class_name", units, activation, returnSequences = "return_sequences"
    }
  }

  struct Case: Decodable {
    var name: String
    var inputShape: [Int]
    var layers: [KerasLayer]
    var x: [Float]
    var xShape: [Int]
    var y: [Float]
    var yShape: [Int]
    var weights: [NamedTensor]
    var output: [Float]
    var mse: Float
    var gradients: [NamedTensor]
    var after3Steps: [String: [NamedTensor]]

    enum CodingKeys: String, CodingKey {
      case name, layers, x, y, weights, output, mse, gradients
      case inputShape = "input_shape", xShape = "x_shape", yShape = "y_shape"
      case after3Steps = "after_3_steps"
    }

    var input: Tensor { Tensor(shape: xShape, scalars: x) }
    var targets: Tensor { Tensor(shape: yShape, scalars: y) }

    /// Our model with the case's architecture and weights.
    func makeModel() throws -> Sequential {
      let layers: [any Layer] = try self.layers.map { layer in
        try LayerConfiguration(
          type: layer.className, units: layer.units,
          activation: Activation(rawValue: layer.activation)!, recurrentActivation: nil,
          useBias: true, returnSequences: layer.returnSequences, unitForgetBias: nil
        ).makeLayer()
      }
      var model = try Sequential(inputShape: inputShape, layers: layers, seed: 1)
      model.parameters = flatten(weights, like: model)
      return model
    }
  }

  var cases: [Case]

  static func load() throws -> KerasFixture {
    let url = Bundle.module.url(forResource: "keras-layers", withExtension: "json", subdirectory: "Fixtures")!
    return try JSONDecoder().decode(KerasFixture.self, from: Data(contentsOf: url))
  }
}

/// Named tensors in the model's parameter order, checked against the model's names and shapes.
func flatten(_ tensors: [KerasFixture.NamedTensor], like model: Sequential) -> [Float] {
  let expected = model.namedWeights
  precondition(expected.map(\.name) == tensors.map(\.name), "fixture names \(tensors.map(\.name))")
  precondition(expected.map(\.shape) == tensors.map(\.shape), "fixture shapes \(tensors.map(\.shape))")
  return tensors.flatMap(\.values)
}

