import Foundation

/// One part of a collection of series split across independent workers — the tasks of a
/// Kubernetes Indexed Job or a Slurm array, or any batch engine that starts N copies of a command
/// with an index. A series belongs to the shard its id hashes to (64-bit FNV-1a of the id's UTF-8
/// bytes, modulo the count), so every worker agrees without talking to the others, and a series
/// stays in its shard whatever else the file holds or in what order.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// This worker's shard, from 1.
  public var index: Int
  /// The number of shards.
  public var count: Int

  /// Shard `index` of `count` (1 ≤ index ≤ count).
  /// - Throws: `ModelError.invalidSetting` for an index outside 1…count.
  public init(index: Int, count: Int) throws(ModelError) {
    guard count >= 1, (1...count).contains(index) else {
      throw .invalidSetting("A shard is I/N with 1 ≤ I ≤ N, such as 2/4; received \(index)/\(count).")
    }
    self.index = index
    self.count = count
  }

  /// The shard that `text` names: `I/N`, or `auto` for the one the environment names — a
  /// Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` (from 0) and `JOB_COMPLETIONS`, or a Slurm
  /// array's `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT` (task ids from 0 or from 1, as
  /// `SLURM_ARRAY_TASK_MIN` says).
  /// - Throws: `ModelError.invalidSetting` saying what was expected and what was found.
  public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ModelError) {
    if text == "auto" {
      if let index = environment["JOB_COMPLETION_INDEX"].flatMap(Int.init), let count = environment["JOB_COMPLETIONS"].flatMap(Int.init) {
        try self.init(index: index + 1, count: count)
      } else if let task = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init), let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) {
        let first = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
        try self.init(index: task - first + 1, count: count)
      } else {
        throw .invalidSetting("--shard auto reads JOB_COMPLETION_INDEX and JOB_COMPLETIONS (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm array), and neither pair is set. Give the shard as I/N instead.")
      }
      return
    }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw .invalidSetting("A shard is I/N, such as 2/4, or auto; received '\(text)'.")
    }
    try self.init(index: index, count: count)
  }

  /// Whether the series named `id` belongs to this shard.
  public func contains(_ id: String) -> Bool { Self.hash(id) % UInt64(count) == UInt64(index - 1) }

  /// 64-bit FNV-1a of the UTF-8 bytes of `id`: the same on every machine and in every run.
  public static func hash(_ id: String) -> UInt64 {
    id.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
  }

  /// `2/4`.
  public var description: String { "\(index)/\(count)" }
}
