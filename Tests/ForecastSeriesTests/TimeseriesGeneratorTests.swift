import ForecastSeries
import Testing

@Suite("TimeseriesGenerator against tf-keras")
struct TimeseriesGeneratorTests {
  struct Config: Decodable {
    var length: Int
    var samplingRate: Int?, stride: Int?, startIndex: Int?, endIndex: Int?, batchSize: Int?
    var reverse: Bool?
    enum CodingKeys: String, CodingKey {
      case length, stride, reverse
      case samplingRate = "sampling_rate", startIndex = "start_index", endIndex = "end_index", batchSize = "batch_size"
    }
  }
  struct Case: Decodable { var config: Config; var count: Int; var samples: [[[[Double]]]]; var targets: [[[Double]]] }
  struct File: Decodable { var data: [Double]; var generators: [Case] }

  static let file = try! fixture("timeseries-generator", as: File.self)

  @Test("same batch count, windows and targets, in the same order", arguments: 0..<file.generators.count)
  func matches(index: Int) throws {
    let c = Self.file.generators[index]
    let rows = Self.file.data.map { [$0] }
    let generator = try TimeseriesGenerator(
      data: rows, targets: rows, length: c.config.length, samplingRate: c.config.samplingRate ?? 1,
      stride: c.config.stride ?? 1, startIndex: c.config.startIndex ?? 0, endIndex: c.config.endIndex,
      reverse: c.config.reverse ?? false, batchSize: c.config.batchSize ?? 128)
    #expect(generator.count == c.count)
    for b in 0..<c.count {
      let (samples, targets) = generator.batch(b)
      #expect(samples == c.samples[b])
      #expect(targets == c.targets[b])
    }
  }

  @Test("the milk training part with length 12 gives 144 windows")
  func reference() throws {
    let generator = try TimeseriesGenerator(series: Array(Self.file.data), length: 12)
    #expect(generator.count == 144)
    #expect(generator.allBatches().samples.count == 144)
  }

  @Test("a series too short for the window is an error; shuffled batches are seeded")
  func edges() throws {
    #expect(throws: SeriesError.self) { try TimeseriesGenerator(series: [1, 2, 3], length: 3) }
    let rows = (0..<50).map { [Double($0)] }
    let a = try TimeseriesGenerator(data: rows, targets: rows, length: 4, shuffle: true, batchSize: 8, seed: 1)
    let b = try TimeseriesGenerator(data: rows, targets: rows, length: 4, shuffle: true, batchSize: 8, seed: 1)
    #expect(a.batch(0).targets == b.batch(0).targets)
    #expect(a.batch(0).targets.allSatisfy { (4...49).contains(Int($0[0])) })
  }
}
