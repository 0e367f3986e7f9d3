import Foundation
import ForecastModels
import Testing
@testable import ForecastCLI

/// Issue 15's absurd option values: each is refused with a sentence naming the option and its
/// range (or, where a large value means "all of it", works) — never a trap, an abort or a hang.
@Suite("option ranges")
struct OptionRangeTests {
  static let huge = String(Int.max)
  static let twoTo62 = String(1 << 62)
  static let twoTo32 = String(1 << 32)

  @Test("decompose: a period of 2^62 is refused, an extrapolation of Int.max points fits every point")
  func decompose() throws {
    #expect(CommandTests.failure(["decompose", "--period", Self.twoTo62]).hasPrefix(
      "Seasonal decomposition with period 4611686018427387904 needs two complete cycles, 2 × 4611686018427387904 observations; the series has 168. Give a period of at most 84."))
    let all = try CommandTests.run(["decompose", "--extrapolate-trend", Self.huge]).split(separator: "\n")
    #expect(all.count == 169 && !all[1].contains(",,"))
  }

  @Test("a test size, window or batch size of Int.max is refused by name, or (batch size) means the whole data")
  func networkSizes() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("out").path
    let model = directory.appendingPathComponent("model").path
    #expect(CommandTests.failure(["run", "--window", Self.huge, "--output", output]) == "The window must be between 1 and 10000, received 9223372036854775807.")
    #expect(CommandTests.failure(["train", "--window", Self.huge, "--save-model", model]).contains("The window must be between 1 and 10000"))
    #expect(CommandTests.failure(["run", "--test-size", Self.huge, "--output", output, "--method", "naive"]).contains(
      "Cannot hold out 9223372036854775807 test observations from a series of 168"))
    #expect(CommandTests.failure(["train", "--test-size", Self.huge, "--save-model", model, "--method", "naive"]).contains("the test size must be between 1 and 167"))
    _ = try CommandTests.run(["train", "--save-model", model, "--method", "naive", "--test-size", "0"])
    #expect(CommandTests.failure(["evaluate", "--model", model, "--test-size", Self.huge]).contains("the test size must be between 1 and 167"))
    _ = try CommandTests.run(["train", "--save-model", model, "--batch-size", Self.huge, "--units", "4", "--epochs", "1", "--quiet"])
    #expect(FileManager.default.fileExists(atPath: model + "/weights.safetensors"))
    #expect(CommandTests.failure(["train", "--save-model", model, "--test-size", "0", "--horizon", Self.huge, "--method", "naive"]) == "--horizon must be between 1 and 100000, received 9223372036854775807.")
  }

  @Test("bench refuses sizes whose products overflow or exhaust memory, and endless epochs")
  func bench() {
    #expect(CommandTests.failure(["bench", "--steps", Self.twoTo32, "--features", Self.twoTo32]) == "--steps must be between 1 and 10000, received 4294967296.")
    #expect(CommandTests.failure(["bench", "--samples", Self.twoTo32, "--steps", Self.twoTo32]) == "--steps must be between 1 and 10000, received 4294967296.")
    #expect(CommandTests.failure(["bench", "--samples", String(1 << 28)]) == "--samples must be between 1 and 1000000, received 268435456.")
    #expect(CommandTests.failure(["bench", "--samples", "1000000", "--steps", "100"]).contains("bench takes at most 16777216 input values (samples × steps × features); 1000000 × 100 × 1 is 100000000."))
    #expect(CommandTests.failure(["bench", "--epochs", Self.twoTo62]) == "--epochs must be between 1 and 1000, received 4611686018427387904.")
    #expect(CommandTests.failure(["bench", "--units", "4096"]) == "--units must be between 1 and 1024, received 4096.")
  }

  @Test("units past what trains in reasonable time, a window that exhausts memory and a learning rate that underflows Float are refused")
  func networkLimits() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = directory.appendingPathComponent("model").path
    #expect(CommandTests.failure(["train", "--units", "4096", "--save-model", model]) == "The units must be between 1 and 1024, received 4096.")
    #expect(CommandTests.failure(["train", "--learning-rate", "1e-50", "--save-model", model]).hasPrefix("The learning rate must be between 1e-08 and 1.0 (the network computes in 32-bit floats), received 1e-50."))
    // 26,000 daily rows: windows of 13,000 are past the longest window; windows of 9,000 give
    // 16,988 windows of 9,001 values each.
    let daily = directory.appendingPathComponent("daily.csv").path
    let start = Date(timeIntervalSince1970: 0)
    let rows = (0..<26_000).map { day in
      "\(DateFormatter.iso.string(from: start.addingTimeInterval(Double(day) * 86_400))),\(100 + day % 7)"
    }
    try (["Day,Visits"] + rows).joined(separator: "\n").write(toFile: daily, atomically: true, encoding: .utf8)
    #expect(CommandTests.failure(["train", "--csv", daily, "--window", "13000", "--save-model", model, "--quiet"])
      == "The window must be between 1 and 10000, received 13000.")
    #expect(CommandTests.failure(["train", "--csv", daily, "--window", "9000", "--save-model", model, "--quiet"]).hasPrefix(
      "Training would hold more than 67108864 values in memory (16993 windows of 9000 observations, batches of 1, 100 units): use a smaller --window, --batch-size or --units."))
    // Divergence is a failure, not a forecast: the tutorial's network at a learning rate of 1.
    #expect(CommandTests.failure(["train", "--learning-rate", "1", "--save-model", model, "--quiet"]).contains("The loss became"))
    #expect(!FileManager.default.fileExists(atPath: model))
  }
}

extension DateFormatter {
  /// `2024-01-31`, in UTC.
  static let iso: DateFormatter = {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.locale = Locale(identifier: "en_US_POSIX")
    return formatter
  }()

  @Test("predict --horizon 100000 on yearly data is refused past the year 9999, naming the most steps that fit")
  func beyondCalendar() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = directory.appendingPathComponent("yearly.csv").path
    try ("year,v\n" + (2000...2020).map { "\($0),\($0 % 7 + 10)" }.joined(separator: "\n")).write(toFile: csv, atomically: true, encoding: .utf8)
    let model = directory.appendingPathComponent("model").path
    _ = try CommandTests.run(["train", "--csv", csv, "--method", "naive", "--save-model", model, "--quiet"])
    let message = CommandTests.failure(["predict", "--model", model, "--csv", csv, "--horizon", "100000"])
    #expect(message.contains("go past the year 9999") && message.contains("Forecast at most 7979 steps"), "\(message)")
  }
}
