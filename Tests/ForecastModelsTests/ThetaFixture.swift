import Foundation

/// `Fixtures/theta.json`, written by `scripts/make-theta-fixtures.py` from statsforecast.
struct ThetaFixture: Decodable {
  struct Parameters: Decodable {
    var initialSmoothed: Double
    var alpha: Double
    var theta: Double

    enum CodingKeys: String, CodingKey {
      case alpha, theta
      case initialSmoothed = "initial_smoothed"
    }
  }

  /// statsforecast's `thetamodel` of one kind on one series.
  struct Recursion: Decodable {
    var name: String
    var kind: String
    var y: [Double]
    var parameters: Parameters
    var optimizerValue: Double
    var optimizerIterations: Int
    var mse: Double
    var fitted: [Double]
    var forecast: [Double]

    enum CodingKeys: String, CodingKey {
      case name, kind, y, parameters, mse, fitted, forecast
      case optimizerValue = "optimizer_value", optimizerIterations = "optimizer_iterations"
    }
  }

  /// `AutoTheta(season_length:model:decomposition_type:)` on the training part of a series.
  struct Automatic: Decodable {
    var name: String
    var y: [Double]
    var period: Int
    var horizon: Int
    var model: String?
    var decompositionType: String
    var chosen: String
    var usedDecomposition: String?
    var parameters: Parameters
    var mse: Double
    var seasonalIndices: [Double]?
    var fitted: [Double]
    var forecast: [Double]
    var after: [Double]
    var forwardForecast: [Double]

    enum CodingKeys: String, CodingKey {
      case name, y, period, horizon, model, chosen, parameters, mse, fitted, forecast, after
      case decompositionType = "decomposition_type", usedDecomposition = "used_decomposition"
      case seasonalIndices = "seasonal_indices", forwardForecast = "forward_forecast"
    }
  }

  var versions: [String: String]
  var recursions: [Recursion]
  var automatic: [Automatic]

  static func load() throws -> ThetaFixture { try fixture("theta", as: ThetaFixture.self) }
}
