import Foundation
import ForecastKernels
import Testing
@testable import ForecastNN

@Suite("Callbacks")
struct CallbackTests {
  struct Case: Decodable {
    struct Settings: Decodable {
      var patience: Int
      var restore_best_weights: Bool
      var min_delta: Double?
      var start_from_epoch: Int?
    }
    var val_losses: [Float]
    var settings: Settings
    var epochs_run: Int
    var stopped_epoch: Int
    var best_epoch: Int
    var final_weights_epoch: Double
  }
  struct File: Decodable { var cases: [Case] }

  static let cases: [Case] = {
    let url = Bundle.module.url(forResource: "early-stopping", withExtension: "json", subdirectory: "Fixtures")!
    return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
  }()

  @Test("EarlyStopping stops, and restores, at the epochs Keras' does", arguments: 0..<cases.count)
  func earlyStopping(index: Int) throws {
    let c = Self.cases[index]
    let callback = EarlyStopping(
      monitor: "val_loss", minDelta: Float(c.settings.min_delta ?? 0), patience: c.settings.patience,
      restoreBestWeights: c.settings.restore_best_weights, startFromEpoch: c.settings.start_from_epoch ?? 0)
    // A stand-in model whose weights after epoch e are all e, so restored weights name their epoch.
    var model = try Sequential(inputShape: [1], layers: [Dense(units: 1)])
    model.parameters = [-1, -1]
    callback.onTrainBegin(model)
    var epochsRun = 0
    for (epoch, loss) in c.val_losses.enumerated() {
      model.parameters = [Float(epoch), Float(epoch)]
      epochsRun = epoch + 1
      if callback.onEpochEnd(epoch, logs: EpochLogs(loss: loss, validationLoss: loss), model: model) { break }
    }
    callback.onTrainEnd(&model)
    #expect(epochsRun == c.epochs_run)
    #expect(callback.stoppedEpoch == c.stopped_epoch && callback.bestEpoch == c.best_epoch)
    #expect(model.parameters == [Float(c.final_weights_epoch), Float(c.final_weights_epoch)])
  }

  @Test("fit stops early and keeps the best epoch's weights")
  func fitStopsEarly() throws {
    var generator = SeededGenerator(seed: 3)
    let x = Tensor(shape: [64, 4], scalars: (0..<256).map { _ in Float(generator.nextNormal()) })
    let y = Tensor(shape: [64, 1], scalars: (0..<64).map { _ in Float(generator.nextNormal()) })  // noise: nothing to learn
    var model = try Sequential(inputShape: [4], layers: [Dense(units: 16, activation: .relu), Dense(units: 1)], seed: 1)
    model.compile(optimizer: Adam(learningRate: 0.05))
    let stopping = EarlyStopping(patience: 2, restoreBestWeights: true)
    let history = try model.fit(
      x, y, options: FitOptions(epochs: 200, batchSize: 8, validationSplit: 0.25, verbose: false), callbacks: [stopping])
    #expect(history.loss.count < 200 && history.loss.count == stopping.stoppedEpoch + 1)
    let best = history.validationLoss[stopping.bestEpoch]
    #expect(history.validationLoss.allSatisfy { $0 >= best } && best.isFinite)
    let restored = try model.evaluate(x.slice(outer: 48..<64), y.slice(outer: 48..<64))
    #expect(allClose([restored], [best], tolerance: 1e-6), "restored \(restored), best \(best)")
  }
}
