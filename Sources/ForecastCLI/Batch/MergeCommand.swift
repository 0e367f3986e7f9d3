import ArgumentParser
import Foundation

/// `forecast merge`: the output folders of the shards of one run over many series joined into
/// the output the run would have written unsharded.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the output folders of the shards of one run over many series (run --id-column … --shard I/N) into one.",
    discussion: "The merged folder holds forecast.csv, future.csv, metrics.csv, settings.json and report.html, exactly as one unsharded run writes them.")

  @Argument(help: "The shards' output folders.")
  var folders: [String]

  @Option(help: "The folder for the merged output.")
  var output: String

  func validate() throws {
    guard !folders.isEmpty else { throw ValidationError("Name the shards' output folders to merge.") }
    let target = URL(fileURLWithPath: output).standardizedFileURL.path
    if folders.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == target }) {
      throw ValidationError("--output \(output) is one of the folders merged; write the merged output to another folder.")
    }
  }

  func run() throws {
    let parts = try folders.map { (folder: $0, output: try BatchOutput(reading: URL(fileURLWithPath: $0))) }
    let merged = try BatchOutput(merging: parts)
    let directory = try OutputDirectory(path: output)
    let written = try merged.write(to: directory)
    Console.print(BatchReport(output: merged).verdict)
    Console.print("Merged \(folders.count) folder\(folders.count == 1 ? "" : "s") (\(merged.metrics.rows.count) series) and wrote \(written.joined(separator: ", ")) to \(directory.url.path)")
  }
}
