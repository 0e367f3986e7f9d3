import ArgumentParser
import Foundation
import ForecastModels
import ForecastSeries

/// Many series in one long-format CSV (`series,date,value`, as statsforecast's
/// `unique_id,ds,y`), and the shard of them this process takes.
struct ManySeriesOptions: ParsableArguments {
  @Option(help: "The column naming the series in a long-format CSV (series,date,value), one row per series and date. Without it the CSV holds one series.")
  var idColumn: String?

  @Option(help: "Take only shard I of N of the series (such as 2/4), by a stable hash of their ids; 'auto' reads a Kubernetes Indexed Job's JOB_COMPLETION_INDEX and JOB_COMPLETIONS or a Slurm array's SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT. Join the shards' output folders with `forecast merge`.")
  var shard: String?

  func validate() throws {
    if shard != nil && idColumn == nil {
      throw ValidationError("--shard splits the series of a long-format CSV; name their id column with --id-column.")
    }
    _ = try parsedShard()
  }

  /// The shard asked for, if any.
  func parsedShard() throws -> Shard? {
    do { return try shard.map { text throws(ModelError) in try Shard(parsing: text) } } catch { throw ValidationError(error.description) }
  }

  /// The series of the long-format file `data` names that belong to this shard (all without
  /// `--shard`; possibly none), in the file's order, and how many the file holds.
  /// - Throws: what reading the file throws.
  func load(_ data: DataOptions, idColumn: String) throws -> (series: [NamedSeries], total: Int) {
    let all = try TimeSeries.readLong(
      csv: data.path,
      options: LongCSVOptions(idColumn: idColumn, dateColumn: data.dateColumn, valueColumn: data.valueColumn, fillGaps: data.fillGaps, dialect: data.dialect()))
    guard let shard = try parsedShard() else { return (all, all.count) }
    return (all.filter { shard.contains($0.id) }, all.count)
  }
}
