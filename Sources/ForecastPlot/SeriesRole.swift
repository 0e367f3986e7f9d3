/// What a line in a chart stands for. Each role has one colour and dash in every chart, so a
/// reader learns them once.
public enum SeriesRole: String, Sendable, CaseIterable {
  /// The observed series (history).
  case observed
  /// The held-out actual values.
  case actual
  /// The model's forecast.
  case forecast
  /// The naive baseline.
  case naive
  /// The seasonal naive baseline.
  case seasonalNaive
  /// The drift baseline.
  case drift
  /// Another method's forecast shown for comparison (the most accurate of the others).
  case alternative
  /// A decomposition's trend.
  case trend
  /// A decomposition's seasonal component.
  case seasonal
  /// A decomposition's residual, or a method's.
  case residual
  /// A reference level such as zero.
  case baseline
  /// Training loss per epoch.
  case trainingLoss
  /// Validation loss per epoch.
  case validationLoss

  /// The stroke colour (colour-blind-safe Okabe–Ito palette).
  public var color: String {
    switch self {
    case .observed: "#0072B2"
    case .actual: "#000000"
    case .forecast: "#D55E00"
    case .naive: "#999999"
    case .seasonalNaive: "#009E73"
    case .drift: "#CC79A7"
    case .alternative: "#56B4E9"
    case .trend: "#E69F00"
    case .seasonal: "#009E73"
    case .residual: "#56B4E9"
    case .baseline: "#6b7280"
    case .trainingLoss: "#0072B2"
    case .validationLoss: "#D55E00"
    }
  }

  /// The SVG dash pattern, or nil for a solid line.
  public var dash: String? {
    switch self {
    case .naive, .seasonalNaive, .drift: "5 4"
    case .alternative: "2 3"
    case .baseline: "4 3"
    default: nil
    }
  }

  /// The stroke width.
  public var width: Double {
    switch self {
    case .forecast, .actual: 2.2
    case .naive, .seasonalNaive, .drift, .alternative: 1.4
    default: 1.6
    }
  }
}
