import ForecastSeries
import Testing

@Suite("Scalers against scikit-learn")
struct ScalerTests {
  struct MinMaxCase: Decodable {
    var featureRange: [Double]
    var dataMin: [Double], dataMax: [Double], scale: [Double], min: [Double]
    var trainScaled: [Double], testScaled: [Double], inverseOfTestScaled: [Double]
    enum CodingKeys: String, CodingKey {
      case scale, min
      case featureRange = "feature_range", dataMin = "data_min", dataMax = "data_max"
      case trainScaled = "train_scaled", testScaled = "test_scaled", inverseOfTestScaled = "inverse_of_test_scaled"
    }
  }
  struct StandardCase: Decodable {
    var mean: [Double], scale: [Double]
    var testScaled: [Double]
    enum CodingKeys: String, CodingKey { case mean, scale, testScaled = "test_scaled" }
  }
  struct File: Decodable { var train: [Double], test: [Double], minmax: [MinMaxCase], standard: StandardCase }

  static let file = try! fixture("scalers", as: File.self)

  @Test("MinMaxScaler equals sklearn to float64 rounding, fitted on the training part")
  func minMax() throws {
    for c in Self.file.minmax {
      var scaler = MinMaxScaler(featureRange: c.featureRange[0]...c.featureRange[1])
      try scaler.fit(Self.file.train)
      #expect(scaler.dataMin == c.dataMin && scaler.dataMax == c.dataMax)
      #expect(scaler.scale == c.scale && scaler.min == c.min)
      #expect(scaler.transform(Self.file.train) == c.trainScaled)
      #expect(scaler.transform(Self.file.test) == c.testScaled)
      #expect(agree(scaler.inverseTransform(scaler.transform(Self.file.test)), c.inverseOfTestScaled, tolerance: 1e-15).ok)
    }
  }

  @Test("StandardScaler matches sklearn")
  func standard() throws {
    var scaler = StandardScaler()
    try scaler.fit(Self.file.train.map { [$0] })
    #expect(agree(scaler.mean, Self.file.standard.mean, tolerance: 1e-14).ok)
    #expect(agree(scaler.scale, Self.file.standard.scale, tolerance: 1e-13).ok)
    #expect(agree(Self.file.test.map { scaler.transform($0) }, Self.file.standard.testScaled, tolerance: 1e-12).ok)
  }

  @Test("a constant feature scales by one, and an empty fit is an error")
  func edges() throws {
    var scaler = MinMaxScaler()
    try scaler.fit([5, 5, 5])
    #expect(scaler.scale == [1] && scaler.transform(5) == 0)
    #expect(throws: SeriesError.self) { try scaler.fit([Double]()) }
  }
}
