/// Scales each feature to `featureRange` by the training minimum and maximum, exactly as
/// scikit-learn's `MinMaxScaler`: `x · scale + min`, with `scale = (hi − lo) / (max − min)`
/// (a constant feature gets scale 1) and `min = lo − dataMin · scale`.
public struct MinMaxScaler: Sendable, Equatable, Codable {
  /// The target range (0, 1) by default.
  public var featureRange: ClosedRange<Double>
  /// Per feature, the training minimum.
  public private(set) var dataMin: [Double] = []
  /// Per feature, the training maximum.
  public private(set) var dataMax: [Double] = []
  /// Per feature, the multiplier (sklearn's `scale_`).
  public private(set) var scale: [Double] = []
  /// Per feature, the offset (sklearn's `min_`).
  public private(set) var min: [Double] = []

  enum CodingKeys: String, CodingKey {
    case featureRange = "feature_range", dataMin = "data_min", dataMax = "data_max", scale, min
  }

  /// An unfitted scaler for `featureRange`.
  public init(featureRange: ClosedRange<Double> = 0...1) {
    self.featureRange = featureRange
  }

  /// Reads a fitted scaler, refusing one that would transform to NaN or infinity or fail on a
  /// feature: arrays of different lengths, a zero or non-finite scale, a non-finite value.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    featureRange = try container.decode(ClosedRange<Double>.self, forKey: .featureRange)
    dataMin = try container.decode([Double].self, forKey: .dataMin)
    dataMax = try container.decode([Double].self, forKey: .dataMax)
    scale = try container.decode([Double].self, forKey: .scale)
    min = try container.decode([Double].self, forKey: .min)
    let arrays = [dataMin, dataMax, scale, min]
    guard !scale.isEmpty, arrays.allSatisfy({ $0.count == scale.count }) else {
      throw DecodingError.dataCorruptedError(
        forKey: .scale, in: container,
        debugDescription: "data_min, data_max, scale and min must hold one value per feature each; found \(arrays.map(\.count)) values")
    }
    guard arrays.joined().allSatisfy(\.isFinite), featureRange.lowerBound.isFinite, featureRange.upperBound.isFinite,
          scale.allSatisfy({ $0 != 0 })
    else {
      throw DecodingError.dataCorruptedError(
        forKey: .scale, in: container, debugDescription: "a fitted scaler needs finite values and non-zero scales")
    }
  }

  /// Fits to `rows` (samples × features): call on the training part only.
  /// - Throws: `SeriesError.tooShort` for no rows, `.invalidArgument` for an empty feature range.
  public mutating func fit(_ rows: [[Double]]) throws(SeriesError) {
    guard let first = rows.first, !first.isEmpty else { throw .tooShort("MinMaxScaler needs at least one row to fit.") }
    guard featureRange.lowerBound < featureRange.upperBound else {
      throw .invalidArgument("The feature range's minimum must be below its maximum, received \(featureRange).")
    }
    dataMin = first.indices.map { j in rows.map { $0[j] }.min()! }
    dataMax = first.indices.map { j in rows.map { $0[j] }.max()! }
    let width = featureRange.upperBound - featureRange.lowerBound
    scale = zip(dataMax, dataMin).map { max, min in
      let range = max - min
      return width / (range < 10 * Double.ulpOfOne ? 1 : range)
    }
    min = zip(dataMin, scale).map { featureRange.lowerBound - $0 * $1 }
  }

  /// Fits to a single feature.
  public mutating func fit(_ values: [Double]) throws(SeriesError) { try fit(values.map { [$0] }) }

  /// The scaled value of `x` in feature `feature`.
  public func transform(_ x: Double, feature: Int = 0) -> Double { x * scale[feature] + min[feature] }

  /// The original value of the scaled `y` in feature `feature`.
  public func inverseTransform(_ y: Double, feature: Int = 0) -> Double { (y - min[feature]) / scale[feature] }

  /// Every row scaled.
  public func transform(_ rows: [[Double]]) -> [[Double]] {
    rows.map { row in row.indices.map { transform(row[$0], feature: $0) } }
  }

  /// A single feature scaled.
  public func transform(_ values: [Double]) -> [Double] { values.map { transform($0) } }

  /// A single feature back to original units.
  public func inverseTransform(_ values: [Double]) -> [Double] { values.map { inverseTransform($0) } }
}

/// Centres each feature on its training mean and divides by its population standard deviation,
/// as scikit-learn's `StandardScaler` (a constant feature gets scale 1).
public struct StandardScaler: Sendable, Equatable, Codable {
  /// Per feature, the training mean.
  public private(set) var mean: [Double] = []
  /// Per feature, the divisor (sklearn's `scale_`).
  public private(set) var scale: [Double] = []

  /// An unfitted scaler.
  public init() {}

  /// Fits to `rows` (samples × features): call on the training part only.
  public mutating func fit(_ rows: [[Double]]) throws(SeriesError) {
    guard let first = rows.first, !first.isEmpty else { throw .tooShort("StandardScaler needs at least one row to fit.") }
    mean = first.indices.map { j in Statistics.mean(rows.map { $0[j] }) }
    scale = first.indices.map { j in
      let deviation = Statistics.variance(rows.map { $0[j] }).squareRoot()
      return deviation < 10 * Double.ulpOfOne ? 1 : deviation
    }
  }

  /// The scaled value of `x` in feature `feature`.
  public func transform(_ x: Double, feature: Int = 0) -> Double { (x - mean[feature]) / scale[feature] }

  /// The original value of the scaled `y` in feature `feature`.
  public func inverseTransform(_ y: Double, feature: Int = 0) -> Double { y * scale[feature] + mean[feature] }
}
