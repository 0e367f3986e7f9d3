import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("Ensembles and auto")
struct CombinationTests {
  @Test("an ensemble's forecast is the mean (or median) of its members'")
  func ensemble() throws {
    let (train, _) = try milk().split(testSize: 12)
    var ensemble = EnsembleForecaster([.theta, .seasonalNaive, .naive], combination: .median)
    try ensemble.fit(train)
    let members = try [ForecastMethod.theta, .seasonalNaive, .naive].map { method -> [Double] in
      var model = method.makeForecaster()
      try model.fit(train)
      return try model.forecast(horizon: 12).values
    }
    let median = (0..<12).map { step in members.map { $0[step] }.sorted()[1] }
    #expect(allClose(try ensemble.forecast(horizon: 12).values, median, tolerance: 1e-12))
    var mean = EnsembleForecaster([.theta, .seasonalNaive], combination: .mean)
    try mean.fit(train)
    #expect(allClose(try mean.forecast(horizon: 12).values, (0..<12).map { (members[0][$0] + members[1][$0]) / 2 }, tolerance: 1e-12))
  }

  @Test("a member that cannot be fitted is dropped; an ensemble saves and loads whole")
  func ensembleDropsAndPersists() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let short = try milk()[0..<11]  // shorter than a season: seasonal naive cannot be fitted
    var ensemble = EnsembleForecaster([.naive, .seasonalNaive, .drift])
    try ensemble.fit(short)
    #expect(ensemble.members.map(\.methodName) == ["naive", "drift"] && ensemble.dropped.map(\.method) == [.seasonalNaive])
    let url = directory.appendingPathComponent("ensemble")
    try ensemble.save(to: url)
    let loaded = try ForecastMethod.load(from: url)
    #expect(loaded.methodName == "ensemble")
    #expect(try loaded.forecast(horizon: 5) == ensemble.forecast(horizon: 5))
    var nothing = EnsembleForecaster([.seasonalNaive])
    #expect(throws: ModelError.self) { try nothing.fit(short) }
  }

  @Test("auto validates inside the training part, pools the candidates near the best, and says why")
  func auto() throws {
    let (train, _) = try milk().split(testSize: 12)
    var auto = AutoForecaster(candidates: [.ets, .theta, .seasonalNaive], origins: 2)
    try auto.fit(train)
    let singles = auto.validation.filter { $0.methods.count == 1 }
    #expect(Set(singles.map(\.name)) == ["ets", "theta", "seasonal-naive"])
    #expect(singles.map(\.meanMASE) == singles.map(\.meanMASE).sorted())
    #expect(auto.validation.allSatisfy { $0.mase.count == 2 && $0.mase.allSatisfy(\.isFinite) })
    // The pool: the skilled candidates within 1.5× of the best skilled one; seasonal naive is a reference only.
    let skilled = singles.filter { $0.name != "seasonal-naive" }
    let pool = skilled.filter { $0.meanMASE <= 1.5 * skilled[0].meanMASE }.map { $0.methods[0] }
    #expect(auto.chosen?.methods == pool)
    // Recompute each candidate's score by hand: fitted on all but the last 12 (then 24) training
    // observations, scored on the 12 after.
    for candidate in singles {
      let recomputed = try (0..<2).map { origin -> Double in
        let end = train.count - 12 * origin
        let part = train[0..<end - 12]
        var model = candidate.methods[0].makeForecaster()
        try model.fit(part)
        let forecast = try model.forecast(horizon: 12).values
        return try ForecastMetrics(actual: Array(train.values[end - 12..<end]), forecast: forecast, training: part.values, period: 12).mase
      }
      #expect(allClose(candidate.mase, recomputed, tolerance: 1e-9), "\(candidate.name)")
    }
    #expect(auto.reason.hasPrefix("auto pooled "))
    #expect(try auto.forecast(horizon: 12).values == (auto.chosen?.forecast(horizon: 12).values ?? []))
    // A series too short to validate gets the classical candidates' mean, and says so.
    var short = AutoForecaster(candidates: [.ets, .theta, .seasonalNaive])
    try short.fit(train[0..<40])
    #expect(short.chosen?.methods == [.ets, .theta] && short.reason.contains("without validating"))
  }

  @Test("no leakage: changing a test value changes no fitted scaler, level, weight, choice or forecast")
  func noLeakage() throws {
    let series = try milk()
    var changed = series
    for index in series.count - 12..<series.count { changed.columns[0][index] *= 3 }
    var small = NetworkSettings.recommended
    small.epochs = 3
    small.ensembleSize = 2
    var hybrid = small
    hybrid.base = .theta
    let forecasters: [any Forecaster] = [
      NetworkForecaster.tutorial(), NetworkForecaster(settings: small), NetworkForecaster(settings: hybrid),
      AutoTheta(), EnsembleForecaster([.theta, .seasonalNaive]), AutoForecaster(candidates: [.theta, .seasonalNaive, .drift]),
    ]
    for forecaster in forecasters {
      let a = try Holdout(forecaster, on: series, testSize: 12, comparisons: [])
      let b = try Holdout(forecaster, on: changed, testSize: 12, comparisons: [])
      #expect(a.scores[0].forecast == b.scores[0].forecast, "\(forecaster.methodName)")
      if let x = a.model as? NetworkForecaster, let y = b.model as? NetworkForecaster {
        #expect(x.members.map(\.parameters) == y.members.map(\.parameters) && x.scaler == y.scaler, "\(forecaster.methodName)")
      }
      if let x = a.model as? AutoForecaster, let y = b.model as? AutoForecaster {
        #expect(x.validation == y.validation)
      }
    }
  }

  @Test("auto's calibration fits made beside its final fit give the very intervals a later calibration gives")
  func calibrationFitsBeside() throws {
    let (train, _) = try milk().split(testSize: 12)
    var later = AutoForecaster(candidates: [.ets, .theta, .seasonalNaive])
    try later.fit(train)
    try later.calibrate(on: train, horizon: 12)
    var beside = AutoForecaster(candidates: [.ets, .theta, .seasonalNaive])
    try beside.fit(train, calibratingFor: 12)
    try beside.calibrate(on: train, horizon: 12)
    #expect(beside.calibration != nil && beside.calibration == later.calibration)
    // Told another horizon, the calibration still refits what it needs.
    var other = AutoForecaster(candidates: [.ets, .theta, .seasonalNaive])
    try other.fit(train, calibratingFor: 6)
    try other.calibrate(on: train, horizon: 12)
    #expect(other.calibration == later.calibration)
  }
}
