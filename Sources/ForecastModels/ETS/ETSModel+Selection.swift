import Foundation

extension ETSModel {
  /// Fits the ETS model that `model` and `damped` describe to `values`, choosing among the
  /// models they allow the one with the smallest AICc — statsforecast's `ets_f` and
  /// `AutoETS(season_length:, model:, damped:)` with their defaults (R forecast's `ets()`):
  /// maximum likelihood, bounds "both", `nmse` 3, restricted models, no multiplicative trend.
  ///
  /// With `"ZZZ"` the candidates are every error (A, M), trend (N, A, damped A) and season
  /// (N, A, M) — multiplicative error and season only for positive data, a season only when
  /// `seasonLength` > 1 and the series is longer than one season, never additive error with
  /// multiplicative season. A constant series gets simple exponential smoothing with α = 0.9999.
  ///
  /// - Parameters:
  ///   - values: the observations, oldest first.
  ///   - seasonLength: the seasonal period m (1 for none).
  ///   - model: error, trend and season letters — A, M, N or Z for "choose" — with `d` after a
  ///     damped trend: `"ZZZ"` (the default), `"AAN"`, `"AAdA"`, `"MNM"`.
  ///   - damped: whether the trend is damped; nil to try both.
  /// - Throws: `ModelError.invalidSetting` for a model string or season length that is not
  ///   allowed; `ModelError.unsuitableSeries` for a series too short, with missing or infinite
  ///   values, or with values ≤ 0 for a multiplicative model, or when no candidate can be fitted.
  public static func fit(
    _ values: [Double], seasonLength: Int, model: String = "ZZZ", damped: Bool? = nil
  ) throws(ModelError) -> ETSModel {
    guard seasonLength >= 1 else {
      throw .invalidSetting("The season length must be 1 or more, received \(seasonLength).")
    }
    var candidates = try ETSCandidates(model: model, damped: damped)
    let y = values
    let n = y.count
    if let bad = y.firstIndex(where: { !$0.isFinite }) {
      throw .unsuitableSeries("ETS needs finite values, but value \(bad + 1) is \(y[bad]). Fill or drop missing values first.")
    }
    guard n >= 4 else {
      throw .unsuitableSeries("ETS needs at least 4 observations, found \(n).")
    }
    let m = seasonLength
    var bounds = ETSBounds()
    if y.allSatisfy({ $0 == y[0] }) {
      // statsforecast's fallback for a constant series: simple exponential smoothing.
      let specification = ETSSpecification(error: .additive, trend: .none, season: .none)
      guard let fit = try estimate(y, m: m, specification, bounds: &bounds, fixedAlpha: 0.9999) else {
        throw .unsuitableSeries("A constant series needs at least 4 observations for ETS, found \(n).")
      }
      return fit
    }

    if n <= m { candidates.seasons = [.none] }
    if m == 1 {
      guard candidates.seasons.count > 1 || candidates.seasons == [.none] else {
        throw .invalidSetting("A season needs a season length above 1; the model '\(model)' asks for a \(candidates.seasons[0]) season with season length 1. Use N or Z for the season.")
      }
      candidates.seasons = [.none]
    }
    if candidates.errors == [.additive] && candidates.seasons == [.multiplicative] {
      throw .invalidSetting("The model '\(model)' combines additive error with multiplicative season, which is not allowed (its forecast variance is infinite). Use M for the error or A for the season.")
    }
    let positive = y.allSatisfy { $0 > 0 }
    if !positive && candidates.errors == [.multiplicative] {
      throw .unsuitableSeries("A multiplicative error needs positive values, and this series has values ≤ 0. Use A or Z for the error.")
    }
    // statsforecast counts only the components the string names: α and l0, two more for a
    // named trend or season, one for a damped trend.
    let named = 2 + (candidates.trends == [.additive] ? 2 : 0)
      + (candidates.seasons.count == 1 && candidates.seasons[0] != .none ? 2 : 0) + (candidates.damped == true ? 1 : 0)
    guard n > named + 4 else {
      throw .unsuitableSeries("The series has \(n) observations; the ETS model '\(model)' needs at least \(named + 5).")
    }

    var best: ETSModel?
    var bestCriterion = Double.infinity
    for error in candidates.errors {
      for trend in candidates.trends {
        for season in candidates.seasons {
          for damped in candidates.damped.map({ [$0] }) ?? [true, false] {
            if trend == .none && damped { continue }
            if error == .additive && season == .multiplicative { continue }
            if !positive && (error == .multiplicative || season == .multiplicative) { continue }
            if season != .none && m == 1 { continue }
            let specification = ETSSpecification(error: error, trend: trend, season: season, damped: damped)
            guard let fit = try estimate(y, m: m, specification, bounds: &bounds) else { continue }
            if !fit.aicc.isNaN && fit.aicc < bestCriterion {
              best = fit
              bestCriterion = fit.aicc
            }
          }
        }
      }
    }
    guard let best else {
      throw .unsuitableSeries("No ETS model allowed by '\(model)' could be fitted to these \(n) observations: each had too many parameters or failed. Use a longer series or a simpler model.")
    }
    return best
  }
}
