import Foundation

/// A fitted exponential smoothing state-space model (ETS) — what statsforecast's `ets_f` returns
/// and R forecast's `ets()` fits (Hyndman, Koehler, Snyder & Grose 2002, "A state space framework
/// for automatic forecasting using exponential smoothing methods"; Hyndman & Khandakar 2008,
/// "Automatic time series forecasting: the forecast package for R").
///
/// ```swift
/// let model = try ETSModel.fit(milk, seasonLength: 12)          // AutoETS: the best by AICc
/// print(model.specification, model.aicc)                       // ETS(A,A,A) 1603.155…
/// let mean = model.forecast(horizon: 12)
/// let bands = try model.predictionIntervals(horizon: 12, levels: [80, 95])
/// ```
public struct ETSModel: Sendable, Codable, Equatable {
  /// The model's components.
  public let specification: ETSSpecification
  /// The seasonal period the model uses (1 without a season).
  public let seasonLength: Int
  /// Smoothing of the level.
  public let alpha: Double
  /// Smoothing of the growth; nil without a trend.
  public let beta: Double?
  /// Smoothing of the season; nil without a season.
  public let gamma: Double?
  /// Damping of the trend; nil unless damped.
  public let phi: Double?
  /// The estimated states before the first observation: level, growth (with a trend), then the
  /// `seasonLength` seasonal terms newest first (with a season) — statsforecast's `par[4:]`.
  public let initialState: [Double]
  /// The states after the last observation, in the same layout: what forecasts start from.
  public let finalState: [Double]
  /// The one-step in-sample forecasts.
  public let fitted: [Double]
  /// The innovations: y − ŷ with additive error, (y − ŷ)/ŷ with multiplicative error
  /// (statsforecast's `residuals`).
  public let residuals: [Double]
  /// The log-likelihood, up to a constant: −½ (n log Σe² + 2 Σ log|ŷ| for multiplicative error).
  public let logLikelihood: Double
  /// Akaike's information criterion, −2 log L + 2k.
  public let aic: Double
  /// AIC corrected for small samples, AIC + 2k(k + 1)/(n − k − 1): the selection criterion.
  public let aicc: Double
  /// The Bayesian information criterion, −2 log L + k log n.
  public let bic: Double
  /// The innovations' variance, Σe²/(n − k − 1).
  public let sigma2: Double
  /// The mean squared one-step in-sample error.
  public let mse: Double
  /// The mean of the 1-, 2- and 3-step in-sample mean squared errors.
  public let amse: Double
  /// k: the smoothing parameters and initial states estimated, plus one for the variance.
  public let parameterCount: Int

  /// The recursions with this model's components and parameters.
  var recursions: ETSRecursions {
    ETSRecursions(
      error: specification.error, trend: specification.trend, season: specification.season, m: seasonLength,
      alpha: alpha, beta: beta ?? 0, gamma: gamma ?? 0, phi: phi ?? 1)
  }

  /// The point forecasts of the next `horizon` values: the recursions run forward from
  /// `finalState` without errors (statsforecast's `pegelsfcast_C`).
  public func forecast(horizon: Int) -> [Double] {
    guard horizon > 0 else { return [] }
    let recursions = recursions
    let hasTrend = specification.trend != .none
    var result = [Double](repeating: 0, count: horizon)
    var seasons = [Double](repeating: 0, count: seasonLength)
    if specification.season != .none {
      for j in 0..<seasonLength { seasons[j] = finalState[(hasTrend ? 2 : 1) + j] }
    }
    seasons.withUnsafeBufferPointer { seasons in
      result.withUnsafeMutableBufferPointer { result in
        recursions.forecast(
          level: finalState[0], growth: hasTrend ? finalState[1] : 0, seasons: seasons.baseAddress!, newest: 0,
          horizon: horizon, into: result.baseAddress!)
      }
    }
    return result
  }

  enum CodingKeys: String, CodingKey {
    case specification, alpha, beta, gamma, phi, fitted, residuals, aic, aicc, bic, sigma2, mse, amse
    case seasonLength = "season_length", initialState = "initial_state", finalState = "final_state"
    case logLikelihood = "log_likelihood", parameterCount = "parameter_count"
  }
}

extension ETSModel {
  /// Reads a fitted model, refusing one whose parameters and states do not fit its
  /// specification (a file edited by hand or cut short).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    specification = try container.decode(ETSSpecification.self, forKey: .specification)
    seasonLength = try container.decode(Int.self, forKey: .seasonLength)
    alpha = try container.decode(Double.self, forKey: .alpha)
    beta = try container.decodeIfPresent(Double.self, forKey: .beta)
    gamma = try container.decodeIfPresent(Double.self, forKey: .gamma)
    phi = try container.decodeIfPresent(Double.self, forKey: .phi)
    initialState = try container.decode([Double].self, forKey: .initialState)
    finalState = try container.decode([Double].self, forKey: .finalState)
    fitted = try container.decode([Double].self, forKey: .fitted)
    residuals = try container.decode([Double].self, forKey: .residuals)
    logLikelihood = try container.decode(Double.self, forKey: .logLikelihood)
    aic = try container.decode(Double.self, forKey: .aic)
    aicc = try container.decode(Double.self, forKey: .aicc)
    bic = try container.decode(Double.self, forKey: .bic)
    sigma2 = try container.decode(Double.self, forKey: .sigma2)
    mse = try container.decode(Double.self, forKey: .mse)
    amse = try container.decode(Double.self, forKey: .amse)
    parameterCount = try container.decode(Int.self, forKey: .parameterCount)
    let spec = specification
    let states = 1 + (spec.trend != .none ? 1 : 0) + (spec.season != .none ? seasonLength : 0)
    let consistent = seasonLength >= 1 && (spec.season != .none || seasonLength == 1)
      && (beta != nil) == (spec.trend != .none) && (gamma != nil) == (spec.season != .none) && (phi != nil) == spec.damped
      && initialState.count == states && finalState.count == states && fitted.count == residuals.count
      && (initialState + finalState + [alpha, beta ?? 0, gamma ?? 0, phi ?? 1, sigma2]).allSatisfy(\.isFinite)
    guard consistent else {
      throw DecodingError.dataCorruptedError(
        forKey: .specification, in: container,
        debugDescription: "the parameters and states do not fit an \(spec) model with season length \(seasonLength)")
    }
  }
}
