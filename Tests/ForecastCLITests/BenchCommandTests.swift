import Foundation
import Testing

@Suite("bench")
struct BenchCommandTests {
  @Test("bench --predict reports predictions and forecasts per second as JSON, the two paths identical")
  func predict() throws {
    let json = try CommandTests.run([
      "bench", "--predict", "--units", "8", "--steps", "6", "--horizon", "3", "--rounds", "1", "--format", "json",
    ])
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    #expect(object["identical"] as? Bool == true)
    for key in ["predict_per_second", "predictor_per_second", "forecasts_per_second"] {
      let rate = try #require(object[key] as? Double, "\(key) is missing")
      #expect(rate > 0 && rate.isFinite, "\(key) is \(rate)")
    }
  }

  @Test("bench --predict on batches of windows, more than one batch of 32 among them, is identical on both paths")
  func predictBatches() throws {
    let json = try CommandTests.run([
      "bench", "--predict", "--units", "8", "--steps", "6", "--batch-size", "40", "--horizon", "0", "--rounds", "1", "--format", "json",
    ])
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    #expect(object["identical"] as? Bool == true)
    #expect(object["batch_size"] as? Int == 40)
    #expect(object["forecasts_per_second"] == nil)
  }

  @Test("bench --predict needs one feature for its recursive forecast")
  func predictFeatures() {
    #expect(CommandTests.failure(["bench", "--predict", "--features", "2"]).contains("needs --features 1"))
    #expect(CommandTests.failure(["bench", "--predict", "--rounds", "0"]) == "--rounds must be between 1 and 100, received 0.")
  }
}
