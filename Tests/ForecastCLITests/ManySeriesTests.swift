import Foundation
import ForecastModels
import Testing
@testable import ForecastCLI

/// Runs over many series of a long-format CSV, their shards and `forecast merge`.
@Suite("many series, shards and merge")
struct ManySeriesTests {
  /// Nine quarterly series of different lengths and shapes, one of them too short to forecast.
  static func longCSV(in directory: URL) -> String {
    var rows = ["store,quarter,sales"]
    for store in 0..<9 {
      let length = store == 4 ? 3 : 16 + 2 * store
      for t in 0..<length {
        let value = 100 + Double(store * 10) + Double(t) * Double(store % 3) + 8 * sin(Double(t) * .pi / 2) + Double((t * 7 + store) % 5)
        rows.append(String(format: "\"s%d, branch\",%04d-%02d-01,%.1f", store, 2010 + t / 4, 3 * (t % 4) + 1, value))
      }
    }
    let path = directory.appendingPathComponent("sales.csv").path
    try! rows.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// What `forecast ARGS` printed (both streams), and the message it failed with ("" when it did not).
  static func printedAndFailure(_ arguments: [String]) -> (printed: String, failure: String) {
    var failure = ""
    let printed = Console.capturing {
      do {
        var command = try Forecast.parseAsRoot(arguments)
        try command.run()
      } catch {
        failure = Forecast.message(for: error)
      }
    }.text
    return (printed, failure)
  }

  static func contents(_ folder: String) throws -> [String: String] {
    let names = ["forecast.csv", "future.csv", "metrics.csv", "settings.json", "report.html"]
    return Dictionary(uniqueKeysWithValues: try names.map { ($0, try String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) })
  }

  @Test("four shards merged are byte for byte the unsharded run, and each series is in one shard")
  func shardsMerge() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = Self.longCSV(in: directory)
    let common = ["run", "--csv", csv, "--id-column", "store", "--method", "theta", "--quiet"]
    let whole = directory.appendingPathComponent("whole").path
    _ = try CommandTests.run(common + ["--output", whole])
    var shards: [String] = []
    var series = 0
    for index in 1...4 {
      let folder = directory.appendingPathComponent("shard-\(index)").path
      _ = try CommandTests.run(common + ["--output", folder, "--shard", "\(index)/4"])
      series += try BatchOutput(reading: URL(fileURLWithPath: folder)).metrics.rows.count
      shards.append(folder)
    }
    #expect(series == 9)
    let merged = directory.appendingPathComponent("merged").path
    let printed = try CommandTests.run(["merge"] + shards.reversed() + ["--output", merged])
    #expect(printed.contains("Merged 4 folders (9 series)"))
    let expected = try Self.contents(whole), found = try Self.contents(merged)
    for (name, text) in expected { #expect(found[name] == text, "\(name) differs") }
    // The whole run: eight series forecast, the short one listed with its reason.
    let output = try BatchOutput(reading: URL(fileURLWithPath: whole))
    #expect(output.future.rows.count == 8 * 4 && output.future.header == ["series", "date", "forecast", "lower_80", "upper_80", "lower_95", "upper_95"])
    let failed = output.metrics.rows.filter { !$0.last!.isEmpty }.map { $0[0] }
    #expect(failed == ["s4, branch"])
    // Every other series has a finite MASE; NaN fails the comparison.
    #expect(output.metrics.rows.filter { $0.last!.isEmpty }.allSatisfy { Double($0[6]).map { $0 >= 0 && $0 < 10 } ?? false })
    let report = expected["report.html"]!
    #expect(report.contains("The worst forecast series") && report.contains("Series that could not be forecast"))
  }

  @Test("merge refuses shards of different runs, a series twice, and a folder that is no run's output")
  func mergeRefusals() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = Self.longCSV(in: directory)
    let common = ["run", "--csv", csv, "--id-column", "store", "--quiet", "--shard", "1/2"]
    let theta = directory.appendingPathComponent("theta").path, naive = directory.appendingPathComponent("naive").path
    _ = try CommandTests.run(common + ["--method", "theta", "--output", theta])
    _ = try CommandTests.run(common + ["--method", "naive", "--output", naive])
    let out = directory.appendingPathComponent("out").path
    #expect(CommandTests.failure(["merge", theta, naive, "--output", out]).contains("was made with other settings than"))
    #expect(CommandTests.failure(["merge", theta, theta, "--output", out]).contains("is in both"))
    #expect(CommandTests.failure(["merge", directory.path, "--output", out]).contains("cannot be read as the settings of a run over many series"))
    #expect(CommandTests.failure(["merge", theta, "--output", theta]).contains("is one of the folders merged"))
    // Shards of one run: all of them, each once, of one split.
    let second = directory.appendingPathComponent("second").path, quarter = directory.appendingPathComponent("quarter").path
    _ = try CommandTests.run(["run", "--csv", csv, "--id-column", "store", "--quiet", "--method", "theta", "--shard", "2/2", "--output", second])
    _ = try CommandTests.run(["run", "--csv", csv, "--id-column", "store", "--quiet", "--method", "theta", "--shard", "1/4", "--output", quarter])
    #expect(CommandTests.failure(["merge", theta, "--output", out]).contains("Shard 2/2 is missing; a merge joins all 2 shards of a run."))
    #expect(CommandTests.failure(["merge", second, quarter, "--output", out]).contains("shards of different splits"))
    #expect(try CommandTests.run(["merge", theta, second, "--output", out]).contains("Merged 2 folders (9 series)"))
    // A damaged folder is refused, not trapped on.
    try "series,method\n".write(toFile: second + "/metrics.csv", atomically: true, encoding: .utf8)
    #expect(CommandTests.failure(["merge", theta, second, "--output", out]).contains("metrics.csv has the columns series,method"))
  }

  @Test("train, predict and evaluate over many series through a collection of models; a short series fails the command after the others")
  func collection() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = Self.longCSV(in: directory)
    let models = directory.appendingPathComponent("models").path
    let trained = CommandTests.failure(["train", "--csv", csv, "--id-column", "store", "--method", "theta", "--save-model", models])
    #expect(trained.contains("1 series could not be fitted; the others were"))
    let (idColumn, loaded) = try ModelCollection.load(from: URL(fileURLWithPath: models))
    #expect(idColumn == "store" && loaded.count == 8 && loaded["s0, branch"]?.methodName == "theta")
    let predicted = Self.printedAndFailure(["predict", "--model", models, "--csv", csv, "--id-column", "store", "--horizon", "3"])
    #expect(predicted.failure.contains("1 series could not be forecast"))
    // The CSV rows (ids are quoted: they hold a comma), then the failed series on standard error.
    let lines = predicted.printed.split(separator: "\n").filter { $0.hasPrefix("series,") || $0.hasPrefix("\"s") }
    #expect(lines.first == "series,date,forecast,lower_80,upper_80,lower_95,upper_95" && lines.count == 1 + 8 * 3)
    // Forecasts finite; bounds finite, or empty where a short series gives too few calibration windows.
    let fields = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(5) }
    #expect(fields.allSatisfy { Double($0.first!).map(\.isFinite) ?? false })
    #expect(fields.allSatisfy { $0.dropFirst().allSatisfy { $0.isEmpty || (Double($0).map(\.isFinite) ?? false) } })
    #expect(predicted.printed.contains("s4, branch: the collection"))
    let evaluated = Self.printedAndFailure(["evaluate", "--model", models, "--csv", csv, "--id-column", "store"])
    #expect(evaluated.printed.contains("8 series; the mean over them") && evaluated.printed.contains("theta") && evaluated.printed.contains("seasonal naive"))
    // A collection is not one model, and one model is not a collection.
    #expect(CommandTests.failure(["predict", "--model", models, "--csv", csv]).contains("holds the models of many series"))
    let single = directory.appendingPathComponent("single").path
    _ = try CommandTests.run(["train", "--method", "naive", "--save-model", single, "--quiet"])
    #expect(CommandTests.failure(["predict", "--model", single, "--csv", csv, "--id-column", "store"]).contains("not the models of many series"))
  }

  @Test("--method global fits one network across the series: every long-enough series forecast, point forecasts only")
  func global() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = Self.longCSV(in: directory)
    let folder = directory.appendingPathComponent("global").path
    let printed = try CommandTests.run([
      "run", "--csv", csv, "--id-column", "store", "--method", "global", "--window", "4", "--units", "4", "--epochs", "3", "--output", folder,
    ])
    #expect(printed.contains("with global on"))
    let output = try BatchOutput(reading: URL(fileURLWithPath: folder))
    let failed = output.metrics.rows.filter { !$0.last!.isEmpty }.map { $0[0] }
    #expect(failed == ["s4, branch"])
    #expect(output.future.rows.count == 8 * 4)
    #expect(output.future.rows.allSatisfy { (Double($0[2]).map(\.isFinite) ?? false) && $0[3...].allSatisfy(\.isEmpty) })
    #expect(output.metrics.rows.filter { $0.last!.isEmpty }.allSatisfy { Double($0[6]).map { $0 >= 0 && $0 < 10 } ?? false })
  }

  @Test("shard options: I/N, auto from a Kubernetes Indexed Job or a Slurm array, and clear refusals")
  func shardOptions() throws {
    #expect(try Shard(parsing: "auto", environment: ["JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "4"]) == Shard(index: 1, count: 4))
    #expect(try Shard(parsing: "auto", environment: ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]) == Shard(index: 4, count: 4))
    #expect(CommandTests.failure(["run", "--shard", "1/2"]).contains("--shard splits the series of a long-format CSV"))
    #expect(CommandTests.failure(["run", "--id-column", "store", "--shard", "5/4"]).contains("received 5/4"))
    #expect(CommandTests.failure(["run", "--id-column", "store", "--shard", "1/4", "--method", "global"]).contains("Run it without --shard"))
    #expect(CommandTests.failure(["train", "--id-column", "store", "--method", "global", "--save-model", "x"]).contains("through run --id-column --method global"))
  }
}
