import Foundation
import ForecastModels

/// The folder a run writes, written whole: every file goes into a sibling staging folder that
/// replaces the folder in one step (`AtomicDirectory`), so after a kill, a full disk or two runs at
/// once the folder holds one run's files — never a mix, and never an empty folder from a run that
/// failed before writing.
struct OutputDirectory {
  let url: URL

  /// Checks, before any work, that `path` names a folder a run can write or replace.
  init(path: String) throws(CLIError) {
    guard !path.isEmpty else { throw .output("--output is empty; give a folder path such as forecast-output.") }
    url = URL(fileURLWithPath: path)
    do { try AtomicDirectory.check(url, refusal: Self.refusal) } catch {
      throw .output("\(error.path) \(error.problem). Choose another --output.")
    }
  }

  /// Why a folder holding `entries` is not replaced by a run's output: it holds files that are
  /// not a run's (a run writes `model/` and .html, .svg, .csv and .json files, metrics.json among
  /// them; a run over many series, metrics.csv).
  static func refusal(_ entries: [String]) -> String? {
    let visible = entries.filter { !$0.hasPrefix(".") }
    let ours = visible.allSatisfy { entry in entry == "model" || [".html", ".svg", ".csv", ".json"].contains { entry.hasSuffix($0) } }
    guard !visible.isEmpty, !(ours && (visible.contains("metrics.json") || visible.contains("metrics.csv"))) else { return nil }
    let others = visible.sorted().prefix(3).joined(separator: ", ")
    return "holds files that are not a run's output (\(others)\(visible.count > 3 ? ", …" : "")); it is not replaced"
  }

  /// Writes `files` (name and contents) and whatever `more` writes into the folder it is given,
  /// as the folder's new contents, whole or not at all.
  func write(_ files: [(name: String, contents: String)], _ more: (URL) throws -> Void) throws {
    do {
      try AtomicDirectory.write(to: url, refusal: Self.refusal) { folder in
        for (name, contents) in files { try Data(contents.utf8).write(to: folder.appendingPathComponent(name)) }
        try more(folder)
      }
    } catch let failure as AtomicDirectory.Failure {
      throw CLIError.output("\(failure.path) \(failure.problem). Choose another --output.")
    }
  }
}

/// Errors of the command line itself (as opposed to the data's or the model's).
enum CLIError: Error, CustomStringConvertible, LocalizedError {
  /// An output file or folder that cannot be written.
  case output(String)
  /// An input file other than the series that cannot be used.
  case input(String)

  var description: String {
    switch self {
    case .output(let message), .input(let message): message
    }
  }

  var errorDescription: String? { description }
}
