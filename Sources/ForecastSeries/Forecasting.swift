/// A model that predicts the next value of a (scaled) univariate series from a window of the
/// values before it. The neural-network model conforms one level up, so this module does not
/// depend on ForecastNN.
public protocol OneStepForecaster {
  /// The number of past values the model reads.
  var window: Int { get }
  /// The value after `window` (whose count is `self.window`).
  func predictNext(_ window: [Double]) throws -> Double
}

/// A model that predicts the next `horizon` values at once from a window.
public protocol MultiStepForecaster {
  /// The number of past values the model reads.
  var window: Int { get }
  /// The values after `window`.
  func predict(_ window: [Double]) throws -> [Double]
}

/// The forecasting loops over those models.
public enum Forecasting {
  /// The reference loop of the Keras tutorial: predict one step from the last `window` values,
  /// append the prediction to the window, drop its oldest value, repeat `horizon` times.
  /// - Throws: `SeriesError.tooShort` when `history` is shorter than the window, or what the
  ///   model throws.
  public static func recursive(_ model: some OneStepForecaster, history: [Double], horizon: Int) throws -> [Double] {
    guard history.count >= model.window else {
      throw SeriesError.tooShort("The model reads windows of \(model.window) values, but the history has \(history.count).")
    }
    var window = Array(history.suffix(model.window))
    var forecast: [Double] = []
    forecast.reserveCapacity(horizon)
    for _ in 0..<horizon {
      let next = try model.predictNext(window)
      forecast.append(next)
      window.removeFirst()
      window.append(next)
    }
    return forecast
  }

  /// Direct multi-output forecasting: one prediction of the next `horizon` values from the last
  /// window (the model's output width must be at least `horizon`).
  public static func direct(_ model: some MultiStepForecaster, history: [Double], horizon: Int) throws -> [Double] {
    guard history.count >= model.window else {
      throw SeriesError.tooShort("The model reads windows of \(model.window) values, but the history has \(history.count).")
    }
    let output = try model.predict(Array(history.suffix(model.window)))
    guard output.count >= horizon else {
      throw SeriesError.invalidArgument("The model predicts \(output.count) steps at once, fewer than the horizon \(horizon).")
    }
    return Array(output.prefix(horizon))
  }
}
