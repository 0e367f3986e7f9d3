import Foundation
import ForecastKernels
import ForecastNN
import ForecastSeries

/// A network's model directory: `model.json` and `weights.safetensors` of the first ensemble
/// member (ForecastNN's format, which Keras reads), `weights-K.safetensors` for each further
/// member K, and for a hybrid its base method's model directory in `base/`.
extension NetworkForecaster {
  /// The weights file of ensemble member `member`.
  static func weightsFileName(member: Int) -> String {
    member == 0 ? Sequential.weightsFileName : "weights-\(member).safetensors"
  }

  /// The folder of a hybrid's base model.
  static let baseFolderName = "base"

  /// Writes `model.json` and the weights files, whole.
  public func save(to directory: URL) throws {
    guard let model, let scaling, let profile else { throw ModelError.notFitted(method: methodName) }
    var scaler: MinMaxScaler?, levelScaling: LevelScaling?, differenceScale: Double?
    switch scaling {
    case .minMax(let fitted): scaler = fitted
    case .level(let fitted): levelScaling = fitted
    case .difference(let scale): differenceScale = scale
    }
    let metadata = NetworkMetadata(
      method: methodName, window: settings.window, features: 1, scaler: scaler, levelScaling: levelScaling,
      differenceScale: differenceScale,
      valueColumn: profile.valueColumn, frequency: profile.frequency, period: profile.period,
      lastDate: DateParsing.format(profile.lastDate), minimum: profile.range?.lowerBound, maximum: profile.range?.upperBound,
      lastWindow: lastWindow, lastLevel: lastLevel,
      training: .init(settings: settings, trainingRows: profile.count, finalLoss: history.loss.last), calibration: calibration)
    try ModelDirectory.write(to: directory) { folder in
      try model.save(to: folder, metadata: metadata)
      for (index, member) in members.enumerated().dropFirst() {
        try SafeTensors.encode(member.namedWeights).write(to: folder.appendingPathComponent(Self.weightsFileName(member: index)))
      }
      try baseModel?.save(to: folder.appendingPathComponent(Self.baseFolderName))
    }
  }

  /// Reads a network's model directory (also one of format version 1, which holds the tutorial).
  public static func load(from directory: URL) throws -> NetworkForecaster {
    _ = try ModelDirectory.method(at: directory)
    let manifest = directory.appendingPathComponent(ModelDirectory.manifestFileName).path
    let (model, metadata) = try Sequential.load(from: directory, metadata: NetworkMetadata.self)
    guard model.inputShape == [metadata.window, metadata.features], metadata.features == 1 else {
      throw ModelError.modelFile(
        path: manifest, problem: "has input shape \(model.inputShape), which does not match window \(metadata.window) and \(metadata.features) feature(s).")
    }
    let settings = metadata.settings
    do { try settings.validate() } catch { throw ModelError.modelFile(path: manifest, problem: "has settings out of range: \(error.description)") }
    guard model.outputShape == [settings.outputSteps] else {
      throw ModelError.modelFile(path: manifest, problem: "has output shape \(model.outputShape), but output_steps is \(settings.outputSteps).")
    }
    var forecaster = NetworkForecaster(settings: settings, methodName: metadata.method ?? tutorialMethodName)
    switch (metadata.scaler, metadata.levelScaling, metadata.differenceScale) {
    case (let scaler?, nil, nil) where settings.scaling == .minMax: forecaster.scaling = .minMax(scaler)
    case (nil, let scaling?, nil) where settings.scaling == .level || settings.scaling == .boxCoxLevel: forecaster.scaling = .level(scaling)
    case (nil, nil, let scale?) where settings.scaling == .difference && scale > 0 && scale.isFinite: forecaster.scaling = .difference(scale: scale)
    default:
      throw ModelError.modelFile(path: manifest, problem: "needs exactly the fitted scaling its settings name ('\(settings.scaling.rawValue)').")
    }
    forecaster.members = [model]
    for member in 1..<settings.ensembleSize {
      forecaster.members.append(try loadMember(member, like: model, from: directory))
    }
    if let base = settings.base {
      let baseModel = try ForecastMethod.load(from: directory.appendingPathComponent(baseFolderName))
      guard baseModel.methodName == base.rawValue else {
        throw ModelError.modelFile(path: manifest, problem: "names the base method '\(base.rawValue)', but \(baseFolderName)/ holds a '\(baseModel.methodName)' model.")
      }
      forecaster.baseModel = baseModel
    }
    if let problem = metadata.problem {
      throw ModelError.modelFile(path: manifest, problem: "\(problem); the file is damaged. Train the model again.")
    }
    forecaster.profile = metadata.profile
    forecaster.lastWindow = metadata.lastWindow ?? []
    forecaster.lastLevel = metadata.lastLevel ?? 0
    forecaster.calibration = metadata.calibration
    if let loss = metadata.training.finalLoss { forecaster.history.loss = [loss] }
    return forecaster
  }

  /// Ensemble member `member`: the architecture of `model` with the weights of its own file.
  private static func loadMember(_ member: Int, like model: Sequential, from directory: URL) throws -> Sequential {
    let url = directory.appendingPathComponent(weightsFileName(member: member))
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ModelError.modelFile(path: url.path, problem: "does not exist; the ensemble has \(member + 1) or more members and each needs its weights file.")
    }
    let needed = 8 + 4 * model.parameterCount
    let data = try Sequential.read(url, atMost: needed + SafeTensors.maximumHeaderBytes, atLeast: needed)
    let tensors = try SafeTensors.decode(data, path: url.path)
    var copy = model
    for index in model.layers.indices {
      let weights = try model.parameterSpecs[index].map { spec throws(ModelError) -> Tensor in
        let name = "layers.\(index).\(spec.name)"
        guard let entry = tensors[name], entry.shape == spec.shape else {
          throw .modelFile(path: url.path, problem: "has no tensor '\(name)' of shape \(spec.shape).")
        }
        return Tensor(shape: entry.shape, scalars: entry.scalars)
      }
      try copy.setWeights(weights, ofLayer: index)
    }
    return copy
  }
}
