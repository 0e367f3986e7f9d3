/// How a component of an ETS model enters it (Hyndman, Koehler, Ord & Snyder 2008, "Forecasting
/// with exponential smoothing: the state space approach"), spelled as statsforecast and R
/// forecast spell it: `N`, `A`, `M`.
public enum ETSComponent: String, Sendable, Codable, CaseIterable {
  /// No such component (`N`).
  case none = "N"
  /// An additive component (`A`).
  case additive = "A"
  /// A multiplicative component (`M`).
  case multiplicative = "M"
}

/// One ETS model: its error, trend and seasonal components and whether the trend is damped —
/// ETS(A,Ad,A) is additive error, additive damped trend, additive seasonality.
public struct ETSSpecification: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
  /// The error: additive or multiplicative.
  public let error: ETSComponent
  /// The trend: none or additive (a multiplicative trend is not supported).
  public let trend: ETSComponent
  /// The seasonality: none, additive or multiplicative.
  public let season: ETSComponent
  /// Whether the trend is damped by `phi`.
  public let damped: Bool

  /// A model with the given components.
  /// - Precondition: `error` is not `.none`, `trend` is not `.multiplicative`, a damped model has
  ///   a trend, and additive error does not go with a multiplicative season (the restriction
  ///   statsforecast and R forecast apply by default: such models have infinite forecast variance).
  public init(error: ETSComponent, trend: ETSComponent, season: ETSComponent, damped: Bool = false) {
    precondition(Self.isSupported(error: error, trend: trend, season: season, damped: damped), "ETS(\(error.rawValue),\(trend.rawValue)\(damped ? "d" : ""),\(season.rawValue)) is not a supported ETS model")
    self.error = error
    self.trend = trend
    self.season = season
    self.damped = damped
  }

  /// Whether the components make a model this library fits.
  private static func isSupported(error: ETSComponent, trend: ETSComponent, season: ETSComponent, damped: Bool) -> Bool {
    error != .none && trend != .multiplicative && (!damped || trend != .none)
      && !(error == .additive && season == .multiplicative)
  }

  /// `ETS(A,Ad,A)`, as R forecast and statsforecast name a fitted model.
  public var description: String {
    "ETS(\(error.rawValue),\(trend.rawValue)\(damped ? "d" : ""),\(season.rawValue))"
  }

  /// The 4-letter form of statsforecast's fitted `components`: `AAAD` for ETS(A,Ad,A),
  /// `MNMN` for ETS(M,N,M).
  public var components: String {
    error.rawValue + trend.rawValue + season.rawValue + (damped ? "D" : "N")
  }

  /// Reads a specification, refusing the combinations `init` does not allow.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    error = try container.decode(ETSComponent.self, forKey: .error)
    trend = try container.decode(ETSComponent.self, forKey: .trend)
    season = try container.decode(ETSComponent.self, forKey: .season)
    damped = try container.decode(Bool.self, forKey: .damped)
    guard Self.isSupported(error: error, trend: trend, season: season, damped: damped) else {
      throw DecodingError.dataCorruptedError(
        forKey: .trend, in: container, debugDescription: "\(description) is not a supported ETS model")
    }
  }
}

/// The set of models a `model` string such as `"ZZZ"` or `"AAdA"` and a `damped` setting allow:
/// `Z` lets the selection choose a component, as in statsforecast's `ets_f`.
struct ETSCandidates: Equatable {
  /// The error types to try (`Z` means additive and multiplicative).
  var errors: [ETSComponent]
  /// The trends to try (`Z` means none and additive).
  var trends: [ETSComponent]
  /// The seasonalities to try (`Z` means none, additive and multiplicative).
  var seasons: [ETSComponent]
  /// Whether the trend may be damped; nil to try both.
  var damped: Bool?

  /// Reads statsforecast's model string — error, trend, season, each a letter, `Z` for
  /// "choose" — with R's `d` after the trend for a damped one (`"AAdA"`).
  /// - Throws: `ModelError.invalidSetting` for another string, a multiplicative trend, or a
  ///   `d` that contradicts `damped`.
  init(model: String, damped: Bool?) throws(ModelError) {
    var letters = Array(model.uppercased())
    var damped = damped
    if letters.count == 4 && letters[2] == "D" {
      letters.remove(at: 2)
      guard damped != false else {
        throw .invalidSetting("The ETS model '\(model)' has a damped trend but damped is false. Drop the 'd' or the setting.")
      }
      damped = true
    }
    let usage = "An ETS model is three letters — error (A, M or Z), trend (N, A or Z), season (N, A, M or Z) — with 'd' after a damped trend, such as ZZZ, AAN or AAdA."
    guard letters.count == 3 else { throw .invalidSetting("'\(model)' is not an ETS model. \(usage)") }
    func component(_ letter: Character, allowed: [ETSComponent], name: String) throws(ModelError) -> [ETSComponent] {
      if letter == "Z" { return allowed }
      guard let found = ETSComponent(rawValue: String(letter)), allowed.contains(found) else {
        if name == "trend" && letter == "M" {
          throw .invalidSetting("The ETS model '\(model)' asks for a multiplicative trend, which is not supported (statsforecast's AutoETS does not consider it either by default). Use N, A or Z for the trend.")
        }
        throw .invalidSetting("'\(letter)' is not a valid \(name) in the ETS model '\(model)'. \(usage)")
      }
      return [found]
    }
    errors = try component(letters[0], allowed: [.additive, .multiplicative], name: "error")
    trends = try component(letters[1], allowed: [.none, .additive], name: "trend")
    seasons = try component(letters[2], allowed: [.none, .additive, .multiplicative], name: "season")
    if damped == true && trends == [.none] {
      throw .invalidSetting("The ETS model '\(model)' has no trend, so it cannot be damped. Use a trend (A or Z) or damped false.")
    }
    self.damped = damped
  }
}
