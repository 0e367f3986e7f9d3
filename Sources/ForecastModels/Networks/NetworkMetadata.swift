import Foundation
import ForecastSeries

/// What a network's `model.json` holds beside the architecture (its `metadata`): everything
/// needed to forecast from new data — the settings, the scaling fitted on the training part, the
/// end of the series it was fitted on — and how training went. Fields added in format version 2
/// are absent from version 1 files, which hold the tutorial with a min–max scaler.
struct NetworkMetadata: Codable, Sendable {
  /// `tutorial` or `lstm`.
  var method: String?
  /// Past observations per prediction (also in `training`; kept here for version 1 readers).
  var window: Int
  /// Input features per time step (1).
  var features: Int
  /// The min–max scaler fitted on the training part, for min–max scaling.
  var scaler: MinMaxScaler?
  /// The level scaling fitted on the training part, for level scaling.
  var levelScaling: LevelScaling?
  /// The divisor fitted on the training part, for difference scaling.
  var differenceScale: Double?
  /// The value column trained on.
  var valueColumn: String
  /// The frequency of the training data, when known.
  var frequency: Frequency?
  /// The seasonal period of the training data.
  var period: Int?
  /// The last date trained on.
  var lastDate: String?
  /// The smallest and largest training value.
  var minimum: Double?, maximum: Double?
  /// The last `window` training values, scaled: where `forecast(horizon:)` starts.
  var lastWindow: [Double]?
  /// The smoothed level after the last training value (level scaling).
  var lastLevel: Double?
  /// The settings and how training went.
  var training: Training
  /// The conformal calibration of the intervals.
  var calibration: ConformalCalibration?

  /// The settings `fit` ran with, and what it reported.
  struct Training: Codable, Sendable {
    var settings: NetworkSettings
    var optimizer = "adam"
    var loss = "mean_squared_error"
    var trainingRows: Int
    var finalLoss: Float?

    enum CodingKeys: String, CodingKey {
      case optimizer, loss
      case trainingRows = "training_rows", finalLoss = "final_loss"
    }

    init(settings: NetworkSettings, trainingRows: Int, finalLoss: Float?) {
      self.settings = settings
      self.trainingRows = trainingRows
      self.finalLoss = finalLoss
    }

    /// The settings' fields and these, side by side in one object (as version 1 wrote them).
    init(from decoder: any Decoder) throws {
      settings = try NetworkSettings(from: decoder)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      optimizer = try c.decode(String.self, forKey: .optimizer)
      loss = try c.decode(String.self, forKey: .loss)
      trainingRows = try c.decode(Int.self, forKey: .trainingRows)
      finalLoss = try c.decodeIfPresent(Float.self, forKey: .finalLoss)
    }

    func encode(to encoder: any Encoder) throws {
      try settings.encode(to: encoder)
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(optimizer, forKey: .optimizer)
      try c.encode(loss, forKey: .loss)
      try c.encode(trainingRows, forKey: .trainingRows)
      try c.encodeIfPresent(finalLoss, forKey: .finalLoss)
    }
  }

  enum CodingKeys: String, CodingKey {
    case method, window, features, scaler, frequency, period, training, minimum, maximum
    case valueColumn = "value_column", lastDate = "last_date", lastWindow = "last_window"
    case levelScaling = "level_scaling", lastLevel = "last_level", calibration, differenceScale = "difference_scale"
  }

  /// The settings recorded, with the window of the architecture.
  var settings: NetworkSettings {
    var settings = training.settings
    settings.window = window
    return settings
  }

  /// What makes the fitted values unusable — a NaN or infinite number, a scaler without one value
  /// per feature, a last window of the wrong length — or nil when they are sound.
  var problem: String? {
    if let scaler, scaler.scale.count != features { return "its scaler has \(scaler.scale.count) features, expected \(features)" }
    if let level = levelScaling {
      let numbers = [level.scale, level.alpha, level.power?.lambda ?? 0] + level.seasonal
      guard numbers.allSatisfy(\.isFinite), level.scale > 0, level.alpha > 0, level.alpha <= 1 else {
        return "its level scaling holds a NaN, infinite or out-of-range value (scale \(level.scale), alpha \(level.alpha))"
      }
      if !level.seasonal.isEmpty && level.frequency == nil { return "its level scaling has seasonal indices but no frequency" }
    }
    if let lastWindow, lastWindow.count != window || !lastWindow.allSatisfy(\.isFinite) {
      return "its last window holds \(lastWindow.count) values, expected \(window) finite ones"
    }
    if let lastLevel, !lastLevel.isFinite { return "its last level is \(lastLevel)" }
    if let minimum, let maximum, !(minimum.isFinite && maximum.isFinite && minimum <= maximum) {
      return "its training range \(minimum) to \(maximum) is not a range of finite numbers"
    }
    return nil
  }

  /// The profile of the series trained on, when the file records its last date.
  var profile: SeriesProfile? {
    guard let lastDate, let date = DateParsing.parse(lastDate) else { return nil }
    let range = minimum.flatMap { low in maximum.flatMap { low <= $0 ? low...$0 : nil } }
    return SeriesProfile(valueColumn: valueColumn, frequency: frequency, period: period ?? 1, count: training.trainingRows, lastDate: date, range: range)
  }
}
