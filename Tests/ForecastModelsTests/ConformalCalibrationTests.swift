import Foundation
import ForecastModels
import ForecastSeries
import Testing

@Suite("Conformal prediction intervals")
struct ConformalCalibrationTests {
  @Test("the half-width at level α is the ⌈(n + 1)α⌉-th smallest error; too few windows leave the level out")
  func quantiles() {
    let calibration = ConformalCalibration(errors: [Array(stride(from: 19.0, through: 0, by: -1))])  // 0 … 19, n = 20
    #expect(calibration.halfWidth(step: 0, level: 80) == 16)  // ⌈21 × 0.8⌉ = 17th smallest
    #expect(calibration.halfWidth(step: 0, level: 95) == 19)  // ⌈21 × 0.95⌉ = 20th
    #expect(calibration.halfWidth(step: 5, level: 50) == 10)  // beyond the horizon: the last step's
    let small = ConformalCalibration(errors: [[1, 2, 3, 4]])
    #expect(small.halfWidth(step: 0, level: 80) == 4 && small.halfWidth(step: 0, level: 95) == nil)
    #expect(ConformalCalibration.windowsNeeded(level: 80) == 4 && ConformalCalibration.windowsNeeded(level: 95) == 19)
    let (intervals, notes) = small.intervals(around: [10, 20], levels: [80, 95])
    #expect(intervals == [PredictionInterval(level: 80, lower: [6, 16], upper: [14, 24])])
    #expect(notes == ["No 95% interval: conformal intervals at 95% need 19 calibration windows, and the series gave 4."])
  }

  @Test("calibration refits at four origins and forecasts from every later origin inside the series")
  func calibrationWindows() throws {
    let (train, _) = try milk().split(testSize: 12)
    var model = BaselineForecaster(.seasonalNaive)
    try model.fit(train)
    try model.calibrate(on: train, horizon: 12)
    let calibration = try #require(model.calibration)
    #expect(calibration.horizon == 12 && calibration.windows == 13 + 25 + 37 + 49)
    // Seasonal naive from an origin e forecasts y[e + s − 12] for step s (< 12): the errors at
    // step 0 are |log y[e] − log y[e − 12]| (milk is positive) for every origin e from the fit
    // origin 156 − 12(k + 1), k = 1 … 4, to 156 − 12.
    let y = train.values
    let ends = [132, 120, 108, 96].flatMap { Array($0...144) }
    let expected = ends.map { abs(log(y[$0]) - log(y[$0 - 12])) }
    #expect(calibration.scale == .logRatio && calibration.errors[0] == expected.sorted())
    let forecast = try model.forecast(horizon: 12, levels: [95, 80])
    #expect(forecast.intervals.map(\.level) == [80, 95] && forecast.notes.isEmpty)
    #expect(forecast.intervals.allSatisfy { zip($0.lower, forecast.values).allSatisfy { $0 < $1 } })
    // Relative errors make relative intervals: ŷ·e^(±q).
    let q = try #require(calibration.halfWidth(step: 0, level: 80))
    #expect(allClose([forecast.intervals[0].lower[0], forecast.intervals[0].upper[0]], [forecast.values[0] * exp(-q), forecast.values[0] * exp(q)], tolerance: 1e-12))

    // A series with values at or below zero is calibrated on absolute errors.
    var shifted = train
    shifted.columns[0] = train.values.map { $0 - 700 }
    var absolute = BaselineForecaster(.seasonalNaive)
    try absolute.fit(shifted)
    try absolute.calibrate(on: shifted, horizon: 12)
    let expectedAbsolute = ends.map { abs(y[$0] - y[$0 - 12]) }
    #expect(absolute.calibration?.scale == .absolute)
    #expect(allClose(absolute.calibration?.errors[0] ?? [], expectedAbsolute.sorted(), tolerance: 1e-9))
  }

  @Test("ETS uses its analytic intervals; a calibrated model keeps its calibration through save and load")
  func analyticAndSaved() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (train, _) = try milk().split(testSize: 12)
    var ets = AutoETS()
    try ets.fit(train)
    let analytic = try #require(try ets.analyticIntervals(horizon: 12, levels: [80], after: nil))
    #expect(try ets.forecast(horizon: 12, levels: [80]).intervals == analytic)
    var theta = AutoTheta()
    try theta.fit(train)
    #expect(try theta.forecast(horizon: 3, levels: [80]).notes.first?.hasPrefix("No intervals: the theta model has no calibration") == true)
    try theta.calibrate(on: train, horizon: 12)
    let url = directory.appendingPathComponent("theta")
    try theta.save(to: url)
    let loaded = try ForecastMethod.load(from: url)
    #expect(loaded.calibration == theta.calibration && loaded.calibration != nil)
    #expect(try loaded.forecast(horizon: 12, levels: [80, 95]) == theta.forecast(horizon: 12, levels: [80, 95]))
    #expect(throws: ModelError.self) { try theta.forecast(horizon: 3, levels: [100]) }
  }
}
