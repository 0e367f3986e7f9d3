import Foundation
import ForecastSeries

/// A network's fitted scaling, whichever kind: values to the network's scale and back, and the
/// level each window is measured from (always 0 for min–max scaling).
enum SeriesScaling: Sendable, Equatable {
  /// The tutorial's `MinMaxScaler`.
  case minMax(MinMaxScaler)
  /// ES-RNN-style level scaling.
  case level(LevelScaling)
  /// Values divided by `scale`, each window measured from its last value.
  case difference(scale: Double)

  /// Fits the scaling `kind` to `series`, the training part.
  init(_ kind: NetworkScaling, fitting series: TimeSeries) throws {
    switch kind {
    case .minMax:
      var scaler = MinMaxScaler()
      try scaler.fit(series.values)
      self = .minMax(scaler)
    case .level, .boxCoxLevel:
      self = .level(try LevelScaling(fitting: series, period: series.seasonalPeriod, boxCox: kind == .boxCoxLevel))
    case .difference:
      let values = series.values
      let meanChange = zip(values.dropFirst(), values).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(max(values.count - 1, 1))
      self = .difference(scale: meanChange > 0 && meanChange.isFinite ? meanChange : 1)
    }
  }

  /// The series on the network's scale.
  func transform(_ series: TimeSeries) -> [Double] {
    switch self {
    case .minMax(let scaler): scaler.transform(series.values)
    case .level(let scaling): scaling.transform(series)
    case .difference(let scale): series.values.map { $0 / scale }
    }
  }

  /// `value`, observed on `date`, on the network's scale.
  func transform(_ value: Double, on date: Date) -> Double {
    switch self {
    case .minMax(let scaler): scaler.transform(value)
    case .level(let scaling): scaling.transform(value, on: date)
    case .difference(let scale): value / scale
    }
  }

  /// The level after each scaled value.
  func levels(_ scaled: [Double]) -> [Double] {
    switch self {
    case .minMax: [Double](repeating: 0, count: scaled.count)
    case .level(let scaling): scaling.levels(scaled)
    case .difference: scaled
    }
  }

  /// The level after `value`, from the level before it.
  func nextLevel(_ level: Double, _ value: Double) -> Double {
    switch self {
    case .minMax: 0
    case .level(let scaling): scaling.nextLevel(level, value)
    case .difference: value
    }
  }

  /// The value on `date` whose scaled value is `scaled`.
  func inverse(_ scaled: Double, on date: Date) -> Double {
    switch self {
    case .minMax(let scaler): scaler.inverseTransform(scaled)
    case .level(let scaling): scaling.inverse(scaled, on: date)
    case .difference(let scale): scaled * scale
    }
  }
}
