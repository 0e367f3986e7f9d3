import Foundation
@testable import ForecastModels
import ForecastSeries
import Testing

@Suite("A global network across series")
struct GlobalNetworkTests {
  /// A series of `count` values from 2000 at `frequency` (period `period`): a trend, a season and
  /// a wiggle, times `scale` (shifted by `shift`).
  static func series(
    _ id: String, count: Int = 60, period: Int = 12, frequency: Frequency = Frequency(.monthStart), scale: Double = 1,
    shift: Double = 0
  ) throws -> NamedSeries {
    let start = try #require(DateParsing.parse("2000-01-01"))
    let values = (0..<count).map { t in
      let t = Double(t)
      return shift + scale * (10 + 0.05 * t + sin(2 * .pi * t / Double(period)) + 0.3 * sin(1.7 * t))
    }
    let dates = (0..<count).map { frequency.advance(start, by: $0) }
    return NamedSeries(id: id, series: TimeSeries(dates: dates, columnNames: ["value"], columns: [values], frequency: frequency))
  }

  /// A small, quick network: LSTM(4) over windows of 12 → Dense(6), 3 epochs, 2 seeds.
  static var small: NetworkSettings {
    var settings = NetworkSettings.global
    settings.units = 4
    settings.window = 12
    settings.outputSteps = 6
    settings.epochs = 3
    settings.ensembleSize = 2
    settings.patience = 2
    return settings
  }

  @Test("fitted on series of different scales, it forecasts each at its own scale, any horizon, dated after its end")
  func fitsManySeries() throws {
    let series = [try Self.series("a", scale: 1), try Self.series("b", scale: 1000), try Self.series("c", count: 50, scale: 1e5)]
    var network = GlobalNetwork(settings: Self.small)
    try network.fit(series)
    #expect(network.members.count == 2 && network.members[0].inputShape == [12, 1] && network.periods == [12])
    #expect(network.ids == ["a", "b", "c"] && network.modelDescription?.hasSuffix("one network over 3 series of period 12") == true)
    let forecasts = try network.forecast(horizons: ["a": 6, "b": 3, "c": 9])
    for (named, horizon) in zip(series, [6, 3, 9]) {
      let forecast = try #require(forecasts[named.id])
      let dates = try named.series.futureDates(horizon)
      #expect(forecast.values.count == horizon && forecast.dates == dates)
      // Each near its own series' last year: a level-scaled network cannot leave the scale.
      let lastYear = named.series.values.suffix(12)
      let (low, high) = (lastYear.min()!, lastYear.max()!)
      #expect(forecast.values.allSatisfy { $0.isFinite && $0 > 0.5 * low && $0 < 1.5 * high }, "\(named.id): \(forecast.values)")
    }
  }

  @Test("the per-series normalisation inverts exactly, logged, Box–Cox transformed or not", arguments: [false, true])
  func normalisationInverts(boxCox: Bool) throws {
    for named in [try Self.series("positive", scale: 50), try Self.series("crossing zero", shift: -11)] {
      let (normalised, scaled, levels) = try NormalisedSeries.fitting(named, window: 12, boxCox: boxCox)
      #expect((normalised.scaling.power != nil) == (named.id == "positive"))
      let back = zip(scaled, named.series.dates).map { normalised.scaling.inverse($0, on: $1) }
      #expect(allClose(back, named.series.values, tolerance: 1e-12), "\(named.id)")
      #expect(normalised.spread > 0 && normalised.lastWindow == Array(scaled.suffix(12)) && normalised.lastLevel == levels.last)
      // The network's units and back: exact but for the Float the network reads.
      for (value, level) in zip(scaled, levels) {
        let output = Double(normalised.input(value, level: level))
        #expect(abs(normalised.scaled(output, level: level) - value) <= 1e-6 * max(abs(value - level), normalised.spread))
      }
    }
  }

  @Test("series of mixed periods share one network told each one's period; an unknown period is refused")
  func mixedPeriods() throws {
    let monthly = try Self.series("monthly", count: 60)
    let quarterly = try Self.series("quarterly", count: 40, period: 4, frequency: Frequency(.quarterStart(anchorMonth: 1)), scale: 3)
    var network = GlobalNetwork(settings: Self.small)
    try network.fit([monthly, quarterly])
    #expect(network.periods == [4, 12] && network.members[0].inputShape == [12, 3])
    let forecasts = try network.forecast(horizons: ["monthly": 12, "quarterly": 8])
    let (monthlyDates, quarterlyDates) = (try monthly.series.futureDates(12), try quarterly.series.futureDates(8))
    #expect(forecasts["monthly"]?.dates == monthlyDates && forecasts["quarterly"]?.dates == quarterlyDates)
    #expect(forecasts.values.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    // The one-hot marks the period: the inputs of a quarterly window carry [1, 0] after each value.
    let (normalised, scaled, levels) = try NormalisedSeries.fitting(quarterly, window: 12, boxCox: false)
    var inputs: [Float] = []
    GlobalWindows.appendInputs(scaled.prefix(2), level: levels[1], of: normalised, periods: [4, 12], to: &inputs)
    #expect(inputs.count == 6 && Array(inputs[1...2]) == [1, 0] && Array(inputs[4...5]) == [1, 0])
    let weekly = try Self.series("weekly", period: 52, frequency: Frequency(.week(weekday: 1)))
    #expect(throws: ModelError.self) { try network.forecast(horizon: 4, after: weekly.series) }
  }

  @Test("an empty list, a short series, a repeated id, other scalings and unknown ids are refused by name")
  func refusals() throws {
    var network = GlobalNetwork(settings: Self.small)
    #expect(throws: ModelError.unsuitableSeries("A global network is fitted on many series, but the list is empty; give at least one series.")) {
      try network.fit([NamedSeries]())
    }
    #expect(throws: ModelError.notFitted(method: "global")) { try network.forecast(horizons: ["a": 1]) }
    // A window of 12, 6 targets and one more window to validate on: 19.
    let short = try Self.series("short", count: 18)
    #expect(
      throws: ModelError.unsuitableSeries(
        "The global network reads windows of 12 observations and predicts 6 at a time, so each series needs at least 19 (a window, its targets and one more to validate on); 'short' has 18. Leave it out, or use a smaller window or fewer output steps.")
    ) { try network.fit([try Self.series("a"), short]) }
    #expect(throws: ModelError.self) { try network.fit([try Self.series("a"), try Self.series("a", scale: 2)]) }
    var minMax = Self.small
    minMax.scaling = .minMax
    var other = GlobalNetwork(settings: minMax)
    #expect(throws: ModelError.self) { try other.fit([try Self.series("a")]) }
    try network.fit([try Self.series("a")])
    #expect(throws: ModelError.self) { try network.forecast(horizons: ["b": 3]) }
  }

  @Test("a fixed seed trains the same network; another seed another")
  func determinism() throws {
    let series = [try Self.series("a"), try Self.series("b", count: 48, scale: 7)]
    func forecasts(seed: UInt64) throws -> [Double] {
      var settings = Self.small
      settings.seed = seed
      var network = GlobalNetwork(settings: settings)
      try network.fit(series)
      let forecasts = try network.forecast(horizons: ["a": 6, "b": 6])
      return forecasts["a"]!.values + forecasts["b"]!.values
    }
    let first = try forecasts(seed: 7)
    #expect(try forecasts(seed: 7) == first)
    #expect(try forecasts(seed: 8) != first)
  }

  @Test("as --method global it is a Forecaster of one series that saves and loads whole")
  func forecaster() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var settings = MethodSettings()
    settings.global = Self.small
    var model = try ForecastMethod(named: "global").makeForecaster(settings)
    let train = try Self.series("a", scale: 20).series
    try model.fit(train)
    let forecast = try model.forecast(horizon: 9)
    #expect(forecast.values.count == 9 && forecast.values.allSatisfy(\.isFinite) && model.profile?.count == 60)
    #expect(try model.forecast(horizon: 9, after: train) == forecast)
    let url = directory.appendingPathComponent("global")
    try model.save(to: url)
    let loaded = try ForecastMethod.load(from: url)
    #expect(loaded.methodName == "global" && (loaded as? GlobalNetwork)?.members.count == 2)
    #expect(try loaded.forecast(horizon: 9) == forecast)
  }

  @Test("a backtest fits one network per origin over every series long enough, and scores it as the other methods")
  func backtest() throws {
    let named = [try Self.series("a"), try Self.series("b", count: 54, scale: 9), try Self.series("short", count: 24)]
    let tasks = named.map { Backtest.Task(series: $0, horizon: 6) }
    var settings = MethodSettings()
    settings.global = Self.small
    let outcomes = Backtest(methods: [.seasonalNaive, .global], settings: settings, origins: 2, levels: [80]).run(tasks)
    #expect(outcomes.map(\.id) == ["a", "a", "b", "b", "short", "short"])
    #expect(outcomes.map(\.method) == [.seasonalNaive, .global, .seasonalNaive, .global, .seasonalNaive, .global])
    #expect(outcomes[1].origins.count == 2 && outcomes[3].origins.count == 2 && outcomes[1].intervalNote == Backtest.globalIntervalNote)
    #expect(outcomes[5].failure?.contains("'short' has 18") == true, "\(outcomes[5].failure ?? "")")
    // Origin 1 (the last 6 held out): the same network fitted directly scores the same.
    var network = GlobalNetwork(settings: Self.small)
    let parts = try named.prefix(2).map { try $0.series.split(testSize: 6) }
    try network.fit(parts.enumerated().map { NamedSeries(id: String($0.offset), series: $0.element.train) })
    let forecasts = try network.forecast(horizons: ["0": 6, "1": 6])
    for (index, part) in parts.enumerated() {
      let expected = try ForecastMetrics(
        actual: part.test.values, forecast: forecasts[String(index)]!.values, training: part.train.values, period: 12)
      #expect(outcomes[2 * index + 1].origins[0] == expected)
    }
  }
}
