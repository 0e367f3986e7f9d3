/// The information criterion `AutoARIMA` compares models by, as statsforecast's `ic`.
public enum ARIMACriterion: String, Sendable, Codable, CaseIterable {
  /// Akaike's information criterion.
  case aic
  /// The AIC corrected for small samples (the default).
  case aicc
  /// The Bayesian information criterion.
  case bic
}
