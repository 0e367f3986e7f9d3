import Foundation
import Testing
@testable import ForecastCLI

/// A run's output folder and a saved model, written whole: one run's files, never a mix, never an
/// empty folder from a failed run, never someone else's folder replaced.
@Suite("output folders")
struct OutputFolderTests {
  static func entries(_ path: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

  @Test("a run that fails before writing leaves no folder; an empty --output names the option")
  func failedRun() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = directory.appendingPathComponent("bad.csv").path
    try "Date,Value\n2020-01-01,1\n2020-02-01,x\n".write(toFile: bad, atomically: true, encoding: .utf8)
    let output = directory.appendingPathComponent("out").path
    #expect(CommandTests.failure(["--csv", bad, "--output", output]).contains("line 3"))
    #expect(Self.entries(directory.path) == ["bad.csv"])
    #expect(CommandTests.failure(["--output", ""]) == "--output is empty; give a folder path such as forecast-output.")
    #expect(CommandTests.failure(["--output", directory.path + "/."]).hasSuffix("names no folder of its own; give a path such as forecast-output. Choose another --output."))
  }

  @Test("a second run replaces the first run's folder whole: no file of the first is left")
  func replacesWhole() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = CommandTests.passengersCSV(in: directory)
    let output = directory.appendingPathComponent("out").path
    _ = try CommandTests.run(["--csv", csv, "--output", output, "--quiet"] + CommandTests.small)
    #expect(Self.entries(output).contains("loss.svg") && Self.entries(output + "/model").contains("weights.safetensors"))
    _ = try CommandTests.run(["--csv", csv, "--output", output, "--quiet", "--method", "naive"])
    #expect(!Self.entries(output).contains("loss.svg") && Self.entries(output + "/model") == ["model.json"])
    #expect(Self.entries(directory.path) == ["out", "passengers.csv"])
  }

  @Test("a folder of other files is not replaced, and a file given to --save-model names the option")
  func refusals() throws {
    let directory = CommandTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let mine = directory.appendingPathComponent("mine").path
    try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: false)
    try "notes".write(toFile: mine + "/notes.txt", atomically: true, encoding: .utf8)
    #expect(CommandTests.failure(["--output", mine, "--method", "naive"]) == "\(mine) holds files that are not a run's output (notes.txt); it is not replaced. Choose another --output.")
    #expect(Self.entries(mine) == ["notes.txt"])
    let file = directory.appendingPathComponent("file").path
    try "x".write(toFile: file, atomically: true, encoding: .utf8)
    #expect(CommandTests.failure(["train", "--save-model", file, "--method", "naive"]) == "--save-model \(file): exists and is a file, not a folder. Choose another --save-model.")
    #expect(CommandTests.failure(["--output", file, "--method", "naive"]) == "\(file) exists and is a file, not a folder. Choose another --output.")
  }
}
