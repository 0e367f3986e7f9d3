import Foundation
@testable import ForecastModels

/// `Fixtures/ets.json`, written by `scripts/make-ets-fixtures.py` from statsforecast.
struct ETSFixture: Decodable {
  struct Series: Decodable {
    var values: [Double]
    var m: Int
    var h: Int
    /// All but the last `h` values.
    var train: [Double] { Array(values.dropLast(h)) }
  }

  struct Band: Decodable {
    var lower: [Double]
    var upper: [Double]
  }

  /// A model fitted by statsforecast's `ets_f`: its parameters and everything derived from them.
  struct Filter: Decodable {
    var series: String
    var model: String
    var m: Int
    var components: String
    /// α, β, γ, φ (null where absent), then the initial states.
    var par: [Double?]
    var fitted: [Double]
    var residuals: [Double]
    var finalState: [Double]
    var loglik: Double
    var aic: Double
    var aicc: Double
    var bic: Double
    var sigma2: Double
    var mse: Double
    var amse: Double
    var nParams: Int
    var forecast: [Double]
    var intervals: [String: Band]?

    var specification: ETSSpecification {
      let letters = Array(components)
      func component(_ c: Character) -> ETSComponent { ETSComponent(rawValue: String(c))! }
      return ETSSpecification(error: component(letters[0]), trend: component(letters[1]), season: component(letters[2]), damped: letters[3] == "D")
    }
    var initialState: [Double] { par.dropFirst(4).map { $0! } }
  }

  /// One Nelder–Mead run inside statsforecast's `etsmodel`.
  struct Optimization: Decodable {
    var series: String
    var model: String
    var m: Int
    var x0: [Double]
    /// Bounds of the smoothing parameters; the initial states that follow are unbounded.
    var lower: [Double]
    var upper: [Double]
    var x: [Double]
    var fn: Double
    var nit: Int
  }

  /// `AutoETS(season_length=m)` fitted on all but the last `h` values.
  struct Selection: Decodable {
    var series: String
    var m: Int
    var h: Int
    var components: String
    var aicc: Double
    var par: [Double?]
    var forecast: [Double]
    var intervals: [String: Band]
  }

  /// AutoETS fitted on all but the last `h` values, then `forward` on the whole series.
  struct Forward: Decodable {
    var series: String
    var m: Int
    var h: Int
    var components: String
    var forecast: [Double]
    var intervals: [String: Band]
  }

  var versions: [String: String]
  var series: [String: Series]
  var filters: [Filter]
  var optimizations: [Optimization]
  var selections: [Selection]
  var forwards: [Forward]

  static let shared: ETSFixture = {
    let url = Bundle.module.url(forResource: "ets", withExtension: "json", subdirectory: "Fixtures")!
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try! decoder.decode(ETSFixture.self, from: Data(contentsOf: url))
  }()
}

/// The largest relative difference |a − b| / max(|b|, 1) — the measure `allClose` bounds — NaN
/// when the lengths differ or any value is NaN, so that `worstDifference(…) <= tolerance` fails.
func worstDifference(_ ours: [Double], _ theirs: [Double]) -> Double {
  guard ours.count == theirs.count else { return .nan }
  let differences = zip(ours, theirs).map { abs($0 - $1) / max(abs($1), 1) }
  return differences.contains(where: \.isNaN) ? .nan : differences.max() ?? 0
}
