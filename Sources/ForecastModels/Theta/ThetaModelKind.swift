/// The four state-space theta models of Fiorucci et al. (2016), as statsforecast's `auto_theta`
/// names them (`model="STM"`, …): the raw values are those names.
///
/// Fiorucci, J. A., Pellegrini, T. R., Louzada, F., Petropoulos, F. & Koehler, A. B. (2016).
/// Models for optimising the theta method and their relationship to state space models.
/// International Journal of Forecasting, 32(4), 1151–1161.
public enum ThetaModelKind: String, CaseIterable, Codable, Sendable {
  /// The standard theta model, θ = 2 (statsforecast's `Theta`, "STM"): the trend line is fitted
  /// once to the whole series.
  case standard = "STM"
  /// The optimised theta model, θ estimated (`OptimizedTheta`, "OTM").
  case optimized = "OTM"
  /// The dynamic standard theta model, θ = 2, its trend line updated with each observation
  /// (`DynamicTheta`, "DSTM").
  case dynamicStandard = "DSTM"
  /// The dynamic optimised theta model, θ estimated (`DynamicOptimizedTheta`, "DOTM").
  case dynamicOptimized = "DOTM"

  /// Whether the trend line's intercept and slope are updated with each observation.
  var isDynamic: Bool { self == .dynamicStandard || self == .dynamicOptimized }

  /// Whether θ is estimated (otherwise it is 2).
  var estimatesTheta: Bool { self == .optimized || self == .dynamicOptimized }
}
