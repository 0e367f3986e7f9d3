extension ETSModel {
  /// This model — its parameters and initial states, estimated before — run over `values`
  /// instead, without estimating anything again: statsforecast's `forward_ets` (`ets_f` with a
  /// fitted model). The result's final states, fitted values, residuals, likelihood, criteria and
  /// `sigma2` are those of `values`; its forecasts continue `values`.
  ///
  /// `values` is a whole series from the same start as the one fitted (typically that series
  /// with newer observations appended), since the recursions start from the fitted initial states.
  /// As in statsforecast, a constant series is fitted afresh with simple exponential smoothing.
  /// - Throws: `ModelError.unsuitableSeries` for an empty series or one with missing or infinite
  ///   values, or a constant one shorter than 4.
  public func applied(to values: [Double]) throws(ModelError) -> ETSModel {
    guard !values.isEmpty else {
      throw .unsuitableSeries("The ETS model needs at least one observation to forecast from, found none.")
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw .unsuitableSeries("ETS needs finite values, but value \(bad + 1) is \(values[bad]). Fill or drop missing values first.")
    }
    if values.allSatisfy({ $0 == values[0] }) {
      return try ETSModel.fit(values, seasonLength: seasonLength, model: "ANN")
    }
    return ETSModel.filtered(
      values, specification: specification, m: seasonLength, alpha: alpha, beta: beta, gamma: gamma, phi: phi,
      initialState: initialState, parameterCount: parameterCount, skippingInfiniteErrors: true)
  }
}
