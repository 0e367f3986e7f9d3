import Foundation
import ForecastModels
import Testing

@Suite("Shards")
struct ShardTests {
  @Test("every series falls in exactly one shard, by a hash that does not change")
  func partition() throws {
    let ids = (0..<1000).map { "series-\($0)" }
    let shards = try (1...4).map { try Shard(index: $0, count: 4) }
    for id in ids { #expect(shards.filter { $0.contains(id) }.count == 1, "\(id)") }
    let sizes = shards.map { shard in ids.filter(shard.contains).count }
    #expect(sizes.allSatisfy { (200...300).contains($0) }, "\(sizes)")
    // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c: the same on every machine.
    #expect(Shard.hash("a") == 0xaf63_dc4c_8601_ec8c && Shard.hash("") == 0xcbf2_9ce4_8422_2325)
  }

  @Test("I/N and auto from a Kubernetes Indexed Job or a Slurm array; bad values say what is expected")
  func parsing() throws {
    #expect(try Shard(parsing: "2/4") == Shard(index: 2, count: 4))
    #expect(try Shard(parsing: "auto", environment: ["JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "8"]) == Shard(index: 1, count: 8))
    #expect(try Shard(parsing: "auto", environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]) == Shard(index: 4, count: 4))
    #expect(try Shard(parsing: "auto", environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]) == Shard(index: 3, count: 4))
    #expect(throws: ModelError.invalidSetting("A shard is I/N with 1 ≤ I ≤ N, such as 2/4; received 5/4.")) { try Shard(parsing: "5/4") }
    #expect(throws: ModelError.self) { try Shard(parsing: "two") }
    #expect(throws: ModelError.self) { try Shard(parsing: "auto", environment: [:]) }
  }
}
