/// The parameters of a theta model: the level before the first observation, the smoothing
/// weight α and the weight θ of the trend line (statsforecast's `par`).
public struct ThetaParameters: Sendable, Equatable, Codable {
  /// The smoothed level before the first observation, ℓ₀ (statsforecast's `initial_smoothed`;
  /// estimated within ±10¹⁰ from y₁/2).
  public var initialSmoothed: Double
  /// The smoothing weight α of simple exponential smoothing (estimated within [0.1, 0.99] from 0.5).
  public var alpha: Double
  /// The theta coefficient θ (2 for the standard models; estimated within [1, 10¹⁰] from 2).
  public var theta: Double

  /// Parameters from their values.
  public init(initialSmoothed: Double, alpha: Double, theta: Double) {
    self.initialSmoothed = initialSmoothed
    self.alpha = alpha
    self.theta = theta
  }

  enum CodingKeys: String, CodingKey {
    case alpha, theta
    case initialSmoothed = "initial_smoothed"
  }
}
