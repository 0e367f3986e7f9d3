import Foundation
import ForecastSeries

/// A network's fitted scaling, whichever kind: values to the network's scale and back, and the
/// level each window is measured from (always 0 for min–max scaling).
enum SeriesScaling: Sendable, Equatable {
  /// The tutorial's `MinMaxScaler`.
  case minMax(MinMaxScaler)
  /// ES-RNN-style level scaling.
  case level(LevelScaling)

  /// Fits the scaling `kind` to `series`, the training part.
  init(_ kind: NetworkScaling, fitting series: TimeSeries) throws {
    switch kind {
    case .minMax:
      var scaler = MinMaxScaler()
      try scaler.fit(series.values)
      self = .minMax(scaler)
    case .level:
      self = .level(try LevelScaling(fitting: series, period: series.seasonalPeriod))
    }
  }

  /// The series on the network's scale.
  func transform(_ series: TimeSeries) -> [Double] {
    switch self {
    case .minMax(let scaler): scaler.transform(series.values)
    case .level(let scaling): scaling.transform(series)
    }
  }

  /// `value`, observed on `date`, on the network's scale.
  func transform(_ value: Double, on date: Date) -> Double {
    switch self {
    case .minMax(let scaler): scaler.transform(value)
    case .level(let scaling): scaling.transform(value, on: date)
    }
  }

  /// The level after each scaled value.
  func levels(_ scaled: [Double]) -> [Double] {
    switch self {
    case .minMax: [Double](repeating: 0, count: scaled.count)
    case .level(let scaling): scaling.levels(scaled)
    }
  }

  /// The level after `value`, from the level before it.
  func nextLevel(_ level: Double, _ value: Double) -> Double {
    switch self {
    case .minMax: 0
    case .level(let scaling): scaling.nextLevel(level, value)
    }
  }

  /// The value on `date` whose scaled value is `scaled`.
  func inverse(_ scaled: Double, on date: Date) -> Double {
    switch self {
    case .minMax(let scaler): scaler.inverseTransform(scaled)
    case .level(let scaling): scaling.inverse(scaled, on: date)
    }
  }
}
