import ArgumentParser
import Foundation
import ForecastKernels
import ForecastNN

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `forecast bench`: steady-state training speed of `LSTM(U) → Dense(1)` with Adam on seeded
/// synthetic sequences; with `--predict`, its inference speed (`BenchCommand+Predict.swift`).
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure training speed: seconds per epoch of LSTM(units) → Dense(1) with Adam on synthetic data; with --predict, forecasts per second.")

  @Option(help: "LSTM units.") var units = 100
  @Option(help: "Time steps per sequence.") var steps = 12
  @Option(help: "Features per time step.") var features = 1
  @Option(help: "Sequences per gradient step (with --predict: windows per prediction).") var batchSize = 1
  @Option(help: "Sequences per epoch.") var samples = 144
  @Option(help: "Timed epochs (after one warm-up epoch); the median is reported.") var epochs = 5
  @Option(help: "Seed for the data and the weights.") var seed: UInt64 = 0
  @Option(help: "table or json.") var format: OutputFormat = .table
  @Flag(help: "Measure inference instead: one-step predictions per second of --batch-size windows (Sequential.predict and Predictor) and recursive forecasts per second.")
  var predict = false
  @Option(help: "With --predict: steps of the recursive forecast (of a network trained for one epoch on the bundled milk series); 0 to skip it.")
  var horizon = 12
  @Option(help: "With --predict: timed rounds of about 0.2 s each (after a warm-up round); the median is reported.")
  var rounds = 5

  /// The largest synthetic data set: 2²⁴ input values (64 MiB), far beyond the configurations
  /// measured and well within memory with the copies training makes.
  static let maximumInputValues = 1 << 24

  func validate() throws {
    let ranges: [(String, Int, ClosedRange<Int>)] = [
      ("units", units, 1...1024), ("steps", steps, 1...10_000), ("features", features, 1...10_000),
      ("batch-size", batchSize, 1...1_000_000), ("samples", samples, 1...1_000_000), ("epochs", epochs, 1...1000),
      ("horizon", horizon, 0...1000), ("rounds", rounds, 1...100),
    ]
    for (name, value, range) in ranges where !range.contains(value) {
      throw ValidationError("--\(name) must be between \(range.lowerBound) and \(range.upperBound), received \(value).")
    }
    // Each factor is at most 10⁶, so the product cannot overflow.
    let (sequences, name) = predict ? (batchSize, "batch size") : (samples, "samples")
    guard sequences * steps * features <= Self.maximumInputValues else {
      throw ValidationError(
        "bench takes at most \(Self.maximumInputValues) input values (\(name) × steps × features); \(sequences) × \(steps) × \(features) is \(sequences * steps * features). Use a smaller \(name) or fewer steps or features.")
    }
    guard format != .csv else { throw ValidationError("--format must be table or json for bench.") }
    guard !predict || horizon == 0 || features == 1 else {
      throw ValidationError("The recursive forecast of bench --predict reads one series, so it needs --features 1; received \(features). Use --horizon 0 to measure one-step predictions only.")
    }
  }

  /// The measurements, as the JSON output names them.
  struct Measurement: Encodable {
    var units: Int, steps: Int, features: Int, batchSize: Int, samples: Int, epochs: Int
    var sPerEpoch: Double, msPerStep: Double, samplesPerSecond: Double, gflops: Double
    var peakRSSMiB: Double
    var kernel: String
    var finalLoss: Float
    /// The timed epochs' steps by the threads they ran on (`FusedStepThreads`).
    var stepsUnsplit: Int, stepsOnOneThread: Int, stepsOnTwoThreads: Int

    enum CodingKeys: String, CodingKey {
      case units, steps, features, samples, epochs, gflops, kernel
      case batchSize = "batch_size", sPerEpoch = "s_per_epoch", msPerStep = "ms_per_step"
      case samplesPerSecond = "samples_per_second", peakRSSMiB = "peak_rss_mib", finalLoss = "final_loss"
      case stepsUnsplit = "steps_unsplit", stepsOnOneThread = "steps_on_one_thread"
      case stepsOnTwoThreads = "steps_on_two_threads"
    }
  }

  func run() throws {
    if predict { return try runPredict() }
    var generator = SeededGenerator(seed: seed)
    let x = Tensor(shape: [samples, steps, features], scalars: (0..<samples * steps * features).map { _ in Float(generator.nextNormal()) })
    // A learnable target: the mean of the first feature over time.
    let y = Tensor(shape: [samples, 1], scalars: (0..<samples).map { s in
      (0..<steps).reduce(Float(0)) { $0 + x.scalars[(s * steps + $1) * features] } / Float(steps)
    })
    var model = try Sequential(inputShape: [steps, features], layers: [LSTM(units: units), Dense(units: 1)], seed: seed)
    model.compile(optimizer: Adam())
    // One fit of a warm-up epoch and the timed ones, each epoch timed by a callback, as the Keras
    // side of scripts/compare-keras.py times its fit.
    let options = FitOptions(epochs: epochs + 1, batchSize: batchSize, seed: seed, verbose: false)
    let batches = options.batches(samples: samples)
    let timer = EpochTimer {
      // The fused steps' counts of this benchmark's shapes: a full batch and a smaller last one.
      Set([batches.full, batches.last]).reduce(FusedStepThreads()) { total, size in
        total + FusedStepThreads.counts(batch: size, steps: steps, features: features, units: units, outputs: 1)
      }
    }
    let history = try model.fit(x, y, options: options, callbacks: [timer])
    let loss = history.loss.last ?? .nan
    let seconds = timer.seconds.dropFirst().map(Self.seconds)
    let perEpoch = seconds.sorted()[seconds.count / 2]
    let flops = 3.0 * 2 * 4 * Double(units) * Double(features + units) * Double(steps) * Double(samples)
    let threads = timer.threadSnapshots.last!.since(timer.threadSnapshots[0])
    let m = Measurement(
      units: units, steps: steps, features: features, batchSize: batchSize, samples: samples, epochs: epochs,
      sPerEpoch: perEpoch, msPerStep: perEpoch / Double(batches.count) * 1e3, samplesPerSecond: Double(samples) / perEpoch,
      gflops: flops / perEpoch / 1e9, peakRSSMiB: Self.peakResidentMiB(), kernel: GEMM.kernelName, finalLoss: loss,
      stepsUnsplit: threads.unsplit, stepsOnOneThread: threads.oneThread, stepsOnTwoThreads: threads.twoThreads)
    switch format {
    case .json:
      try Self.printJSON(m)
    case .table, .csv:
      Console.print("LSTM(\(units)) → Dense(1), \(steps) steps × \(features) features, batch \(batchSize), \(samples) samples, GEMM kernel \(m.kernel)")
      Console.print(TextTable(
        header: ["s/epoch", "ms/step", "samples/s", "GFLOP/s", "peak RSS MiB"],
        rows: [[String(format: "%.4f", m.sPerEpoch), String(format: "%.3f", m.msPerStep), fixed(m.samplesPerSecond, 0), fixed(m.gflops, 1), fixed(m.peakRSSMiB, 1)]],
        numericColumns: [0, 1, 2, 3, 4]).description)
      // Fused steps only: fewer than 4 units train layer by layer, which the counts leave out.
      if m.stepsUnsplit + m.stepsOnOneThread + m.stepsOnTwoThreads > 0 {
        Console.print(
          "Steps of the timed epochs: \(m.stepsUnsplit) too small to split, \(m.stepsOnOneThread) on one thread by the "
            + "thread choice, \(m.stepsOnTwoThreads) given two.")
      }
    }
  }

  /// The duration of each epoch of a fit, from the end of the one before (or the start of
  /// training): the epoch's shuffle, batches and steps, as Keras' epoch callbacks time them; and
  /// the fused steps' thread counts at the end of each.
  final class EpochTimer: Callback {
    private(set) var seconds: [Duration] = []
    private(set) var threadSnapshots: [FusedStepThreads] = []
    private var mark = ContinuousClock.now
    private let snapshot: () -> FusedStepThreads

    init(snapshot: @escaping () -> FusedStepThreads) { self.snapshot = snapshot }

    func onTrainBegin(_ model: Sequential) { mark = .now }

    func onEpochEnd(_ epoch: Int, logs: EpochLogs, model: Sequential) -> Bool {
      let now = ContinuousClock.now
      seconds.append(now - mark)
      threadSnapshots.append(snapshot())
      mark = now
      return false
    }

    func onTrainEnd(_ model: inout Sequential) {}
  }

  /// Prints `measurement` as one line of JSON, keys sorted.
  static func printJSON(_ measurement: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    Console.print(String(decoding: try encoder.encode(measurement), as: UTF8.self))
  }

  /// Seconds in `duration`.
  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  /// The process' peak resident set size in MiB.
  static func peakResidentMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    #if os(Linux)
    return Double(usage.ru_maxrss) / 1024  // kilobytes
    #else
    return Double(usage.ru_maxrss) / 1_048_576  // bytes
    #endif
  }
}
