import Foundation
import ForecastKernels
import Testing
@testable import ForecastNN

/// Agreement with Keras 3 on the fixtures of `scripts/make-nn-fixtures.py`: outputs and weights
/// after three optimiser steps within 1e-5, gradients within a relative 1e-4 (floor 1e-3).
@Suite("Keras fixtures")
struct KerasFixtureTests {
  static let fixture = try! KerasFixture.load()
  static let caseNames = fixture.cases.map(\.name)

  static func fixtureCase(_ name: String) -> KerasFixture.Case {
    fixture.cases.first { $0.name == name }!
  }

  @Test("every cell, activation and stacking is in the fixture")
  func coverage() {
    #expect(Self.caseNames.count == 12)
    for cell in ["lstm", "gru", "rnn"] {
      for activation in ["tanh", "relu"] {
        for stacking in ["single", "stacked"] {
          #expect(Self.caseNames.contains("\(cell)-\(activation)-\(stacking)"))
        }
      }
    }
  }

  @Test("outputs and MSE match Keras", arguments: caseNames)
  func outputs(name: String) throws {
    let testCase = Self.fixtureCase(name)
    let model = try testCase.makeModel()
    let output = try model.predict(testCase.input)
    #expect(output.shape == testCase.yShape)
    let closeness = Closeness(output.scalars, testCase.output, tolerance: 1e-5)
    #expect(closeness.isClose, "\(name) output: \(closeness)")
    let (loss, _) = try model.lossAndGradients(testCase.input, testCase.targets)
    #expect(allClose([loss], [testCase.mse], tolerance: 1e-5), "\(name) loss \(loss) vs \(testCase.mse)")
  }

  @Test("gradients of every weight match Keras", arguments: caseNames)
  func gradients(name: String) throws {
    let testCase = Self.fixtureCase(name)
    let model = try testCase.makeModel()
    let (_, gradients) = try model.lossAndGradients(testCase.input, testCase.targets)
    var offset = 0
    for expected in testCase.gradients {
      let ours = Array(gradients[offset..<offset + expected.values.count])
      offset += expected.values.count
      let closeness = Closeness(ours, expected.values, tolerance: 1e-4, floor: 1e-3)
      #expect(closeness.isClose, "\(name) \(expected.name): \(closeness)")
    }
  }

  @Test("weights after three optimiser steps match Keras", arguments: caseNames)
  func optimizerSteps(name: String) throws {
    let testCase = Self.fixtureCase(name)
    let optimizers: [String: any Optimizer] = [
      "adam": Adam(), "sgd_momentum": SGD(learningRate: 0.01, momentum: 0.9), "rmsprop": RMSprop(),
    ]
    for (key, optimizer) in optimizers {
      var model = try testCase.makeModel()
      model.compile(optimizer: optimizer, loss: .meanSquaredError)
      for _ in 0..<3 {
        let (_, gradients) = try model.lossAndGradients(testCase.input, testCase.targets)
        model.applyGradients(gradients)
      }
      let expected = flatten(testCase.after3Steps[key]!, like: model)
      let closeness = Closeness(model.parameters, expected, tolerance: 1e-5, floor: 1)
      #expect(closeness.isClose, "\(name) \(key): \(closeness)")
    }
  }

  @Test("MSE, MAE and Huber values and gradients match Keras")
  func losses() throws {
    struct LossFixture: Decodable {
      struct Entry: Decodable { var value: Float; var gradient: [Float] }
      var prediction: [Float], target: [Float], shape: [Int]
      var mse: Entry, mae: Entry, huber: Entry
    }
    let url = Bundle.module.url(forResource: "keras-losses", withExtension: "json", subdirectory: "Fixtures")!
    let fixture = try JSONDecoder().decode(LossFixture.self, from: Data(contentsOf: url))
    let prediction = Tensor(shape: fixture.shape, scalars: fixture.prediction)
    let target = Tensor(shape: fixture.shape, scalars: fixture.target)
    for (loss, entry) in [(Loss.meanSquaredError, fixture.mse), (.meanAbsoluteError, fixture.mae), (.huber(delta: 1), fixture.huber)] {
      #expect(allClose([loss.value(predictions: prediction, targets: target)], [entry.value], tolerance: 1e-5), "\(loss)")
      let gradient = loss.gradient(predictions: prediction, targets: target)
      let closeness = Closeness(gradient.scalars, entry.gradient, tolerance: 1e-6)
      #expect(closeness.isClose, "\(loss) gradient: \(closeness)")
    }
  }
}
