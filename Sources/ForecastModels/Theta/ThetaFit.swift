import ForecastSeries

/// A theta model fitted to a series — the kind chosen, its parameters, the seasonal adjustment
/// and the in-sample one-step forecasts — as statsforecast's `auto_theta` returns it.
public struct ThetaFit: Sendable, Equatable, Codable {
  /// The model kept: the one of the candidates with the smallest `mse`.
  public var kind: ThetaModelKind
  /// Its parameters.
  public var parameters: ThetaParameters
  /// statsforecast's selection criterion: the sum of the squared one-step errors of the
  /// seasonally adjusted series after the first three, divided by its mean absolute value.
  public var mse: Double
  /// The seasonal adjustment, nil when the series was not found seasonal.
  public var seasonalAdjustment: ThetaSeasonalAdjustment?
  /// The one-step forecast of every observation fitted on, with the season put back.
  public var fittedValues: [Double]
  /// The state after the last observation.
  var state: ThetaState
  /// The number of observations fitted on.
  var count: Int

  /// Fits each of `kinds` to `values` as statsforecast's `auto_theta` does and keeps the best by
  /// `mse` (the first on ties): the seasonality test with period `period` and, when seasonal, the
  /// decomposition of `decompositionType` (see `ThetaSeasonalAdjustment`); then
  /// `ThetaModel.fit` on the adjusted series. With `fixed` parameters nothing is estimated
  /// (statsforecast's `forward_theta`).
  /// - Throws: `ModelError.unsuitableSeries` for fewer than four values, a value that is not
  ///   finite, or when no candidate can be fitted.
  init(values: [Double], period: Int, kinds: [ThetaModelKind], decompositionType: SeasonalDecomposition.Model,
       fixed: ThetaParameters? = nil) throws(ModelError) {
    precondition(!kinds.isEmpty && period >= 1, "The theta method needs a candidate and a period of at least 1")
    guard values.count > 3 else {
      throw .unsuitableSeries("The theta method needs at least 4 observations, found \(values.count). Use a longer series or a baseline.")
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw .unsuitableSeries("The theta method needs finite values, but observation \(bad + 1) is \(values[bad]). Fill or drop missing values first.")
    }
    let seasonality = try ThetaSeasonalAdjustment.detect(in: values, period: period, decompositionType: decompositionType)
    let adjusted = seasonality.map { $0.adjustment.removing($0.seasonal, from: values) } ?? values
    var best: ThetaModelFit?
    for kind in kinds {
      let candidate = ThetaModel.fit(kind, to: adjusted, fixed: fixed)
      if !candidate.mse.isNaN && candidate.mse < best?.mse ?? .infinity { best = candidate }
    }
    guard let best else {
      throw .unsuitableSeries("No theta model could be fitted to the series: the recursion failed for \(kinds.map(\.rawValue).joined(separator: ", ")). Check the series for extreme values.")
    }
    let oneStep = zip(adjusted, best.errors).map { $0 - $1 }
    kind = best.model.kind
    parameters = best.model.parameters
    mse = best.mse
    seasonalAdjustment = seasonality?.adjustment
    fittedValues = seasonality.map { $0.adjustment.restoring($0.seasonal, to: oneStep) } ?? oneStep
    state = best.state
    count = values.count
  }

  /// The `horizon` values after the series, with the season put back.
  /// - Throws: `ModelError.unsuitableSeries` when the recursion overflows.
  func forecast(horizon: Int) throws(ModelError) -> [Double] {
    let model = ThetaModel(kind: kind, parameters: parameters)
    var values = model.forecast(from: state, count: count, horizon: horizon)
    if let seasonalAdjustment { values = seasonalAdjustment.restoring(seasonalAdjustment.forecastIndices(horizon), to: values) }
    guard values.allSatisfy(\.isFinite) else {
      throw .unsuitableSeries("The \(kind.rawValue) theta forecast is not finite: the series' values are too extreme for the model.")
    }
    return values
  }

  enum CodingKeys: String, CodingKey {
    case kind, parameters, mse, state, count
    case seasonalAdjustment = "seasonal_adjustment", fittedValues = "fitted_values"
  }
}
