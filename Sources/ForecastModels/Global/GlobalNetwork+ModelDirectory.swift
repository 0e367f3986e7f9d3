import Foundation
import ForecastNN

/// A global network's model directory: `model.json` with the settings, the periods and every
/// series' normalisation and end (where its forecast starts), and one folder per ensemble member,
/// `member-K/`, holding that network as ForecastNN writes it (`model.json` and
/// `weights.safetensors`, which Keras reads).
extension GlobalNetwork {
  /// What `model.json` holds beside the format and the method.
  struct Manifest: Codable {
    var settings: NetworkSettings
    var periods: [Int]
    var series: [NormalisedSeries]
    var calibration: ConformalCalibration?
    var finalLoss: Float?

    enum CodingKeys: String, CodingKey {
      case settings, periods, series, calibration
      case finalLoss = "final_loss"
    }
  }

  /// What each member's own `model.json` records beside its architecture.
  struct MemberMetadata: Codable, Sendable {
    var method: String
    var member: Int
  }

  /// The folder of ensemble member `member`.
  static func memberFolderName(_ member: Int) -> String { "member-\(member)" }

  /// Writes the model directory, whole.
  /// - Throws: `ModelError.notFitted` before `fit`; `.modelFile` when it cannot be written.
  public func save(to directory: URL) throws {
    guard isFitted else { throw ModelError.notFitted(method: methodName) }
    let manifest = Manifest(settings: settings, periods: periods, series: series, calibration: calibration, finalLoss: history.loss.last)
    try ModelDirectory.save(manifest, method: methodName, to: directory) { folder in
      for (index, member) in members.enumerated() {
        try member.save(to: folder.appendingPathComponent(Self.memberFolderName(index)), metadata: MemberMetadata(method: methodName, member: index))
      }
    }
  }

  /// Reads a model directory written by `save`.
  /// - Throws: `ModelError.modelFile` for a directory of another method, settings out of range or
  ///   a member whose shape does not match them; `NNError.modelFile` for a member that cannot be read.
  public static func load(from directory: URL) throws -> GlobalNetwork {
    let path = directory.appendingPathComponent(ModelDirectory.manifestFileName).path
    let (found, manifest) = try ModelDirectory.decodeModel(Manifest.self, from: directory)
    guard found == ForecastMethod.global.rawValue else {
      throw ModelError.modelFile(path: path, problem: "holds a '\(found)' model, not 'global'.")
    }
    let settings = manifest.settings
    do { try validate(settings) } catch { throw ModelError.modelFile(path: path, problem: "has settings out of range: \(error.description)") }
    guard !manifest.series.isEmpty, manifest.series.allSatisfy({ $0.lastWindow.count == settings.window && manifest.periods.contains($0.period) }) else {
      throw ModelError.modelFile(path: path, problem: "needs at least one series, each with its last \(settings.window) values and a period among \(manifest.periods).")
    }
    var network = GlobalNetwork(settings: settings)
    let inputShape = [settings.window, GlobalWindows.features(periods: manifest.periods)]
    for member in 0..<settings.ensembleSize {
      let folder = directory.appendingPathComponent(memberFolderName(member))
      let model = try Sequential.load(from: folder, metadata: MemberMetadata.self).model
      guard model.inputShape == inputShape, model.outputShape == [settings.outputSteps] else {
        throw ModelError.modelFile(
          path: folder.appendingPathComponent(ModelDirectory.manifestFileName).path,
          problem: "has input shape \(model.inputShape) and output shape \(model.outputShape); the settings need \(inputShape) and [\(settings.outputSteps)].")
      }
      network.members.append(model)
    }
    network.periods = manifest.periods
    network.series = manifest.series
    network.calibration = manifest.calibration
    if let loss = manifest.finalLoss { network.history.loss = [loss] }
    return network
  }
}
