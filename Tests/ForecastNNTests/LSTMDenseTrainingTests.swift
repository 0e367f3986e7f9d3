import ForecastKernels
import Testing
@testable import ForecastNN

/// `fit`'s fused step for LSTM → Dense with Adam (`LSTMDenseTraining`, one job per batch) against
/// its plain twin, `lossAndGradients` followed by `applyGradients` (layer by layer, then Adam over
/// the flat buffer): losses, parameters, Adam's step count and its moments must agree bit for bit
/// after several batches — the tutorial's numbers depend on it.
@Suite("LSTM → Dense training step")
struct LSTMDenseTrainingTests {
  /// Shapes that reach every path: one thread and two (U 100 with B 1 runs on both cores on a
  /// quiet machine or with FORECAST_PARALLEL=always), recurrent sums split in two (B < 4, long k),
  /// packed panels (B ≥ 4), odd units and halves off a vector boundary, one step, several
  /// features and outputs, a last batch smaller than the others, the fused update over more than
  /// 256 steps × rows (fk_sgemm's blocks of k), a Dense output wide enough for GEMM to split it,
  /// input projections made per step (more than 8,192 floats of them, with recurrent sums split
  /// or not; and, on AVX2, every shape of one feature, whose projections the cells make) and
  /// before the job (fewer, of more features; where GEMM would split the sums of every step's at
  /// once, see `projectionPlace`), and the input kernel's gradient made in the job, beside the recurrent
  /// kernel's over one packing of dz (25 features: 13 and 12 rows, packed, on two parts; 270 rows
  /// of dz, past one block of k; 164 columns, a narrow last strip) or after its fused update (40),
  /// or after the job (`inputGradientPlace`), and the other parameters updated in the job or,
  /// where the output bias' gradient would split its sums (64 rows, 512 outputs), after it
  /// (`restPlace`).
  static let shapes: [(units: Int, batch: Int, steps: Int, features: Int, outputs: Int, samples: Int)] = [
    (4, 1, 1, 1, 1, 3), (7, 3, 5, 2, 3, 10), (16, 16, 24, 1, 1, 40), (33, 5, 3, 3, 2, 12), (64, 1, 12, 1, 1, 6),
    (64, 16, 12, 2, 1, 36), (100, 1, 12, 1, 1, 8), (100, 3, 4, 1, 2, 7), (130, 16, 2, 4, 1, 20),
    (4, 16, 20, 1, 1, 40), (4, 3, 100, 1, 1, 7), (5, 16, 20, 2, 3, 37), (36, 16, 3, 2, 60, 40), (52, 3, 4, 1, 2, 7),
    (100, 1, 3, 40, 1, 5), (100, 1, 24, 2, 1, 3), (41, 9, 30, 25, 1, 27), (4, 64, 2, 1, 512, 70),
  ]

  static let settings: [(activation: Activation, loss: Loss, bias: Bool)] = [
    (.tanh, .meanSquaredError, true), (.relu, .meanAbsoluteError, true), (.tanh, .huber(delta: 0.3), false),
  ]

  /// A model of `shape` and `setting` and seeded data for it.
  static func problem(shape: Int, setting: Int, poisonAt: Int? = nil) throws -> (Sequential, Tensor, Tensor) {
    let (units, _, steps, features, outputs, samples) = shapes[shape]
    let (activation, loss, bias) = settings[setting]
    var model = try Sequential(
      inputShape: [steps, features],
      layers: [LSTM(units: units, activation: activation, useBias: bias), Dense(units: outputs, useBias: bias)],
      seed: UInt64(shape * 10 + setting))
    model.compile(optimizer: Adam(learningRate: 0.01), loss: loss)
    var generator = SeededGenerator(seed: UInt64(shape))
    var x = (0..<samples * steps * features).map { _ in Float(generator.nextNormal()) }
    if let poisonAt { x[poisonAt * steps * features] = .nan }
    let y = (0..<samples * outputs).map { _ in Float(generator.nextNormal()) }
    return (model, Tensor(shape: [samples, steps, features], scalars: x), Tensor(shape: [samples, outputs], scalars: y))
  }

  /// What two epochs of training leave: each epoch's loss, then the parameters after one more
  /// layer-by-layer step on the first sample — whose update depends on Adam's moments, so they
  /// are compared too — and Adam's step count.
  static func trained(_ model: Sequential, _ x: Tensor, _ y: Tensor, batch: Int, fused: Bool) throws -> [Float] {
    var model = model
    var losses: [Float] = []
    if fused {
      let history = try model.fit(x, y, options: FitOptions(epochs: 2, batchSize: batch, shuffle: false, verbose: false))
      losses = history.loss
    } else {
      let samples = x.shape[0]
      for _ in 0..<2 {
        var weighted = 0.0
        for start in stride(from: 0, to: samples, by: batch) {
          let rows = Array(start..<min(start + batch, samples))
          let (loss, gradients) = try model.lossAndGradients(x.gather(outer: rows), y.gather(outer: rows))
          model.applyGradients(gradients)
          weighted += Double(loss) * Double(rows.count)
        }
        losses.append(Float(weighted / Double(samples)))
      }
    }
    // One more generic step shows the moments: its update depends on m and v.
    let (_, gradients) = try model.lossAndGradients(x.gather(outer: [0]), y.gather(outer: [0]))
    model.applyGradients(gradients)
    return losses + model.parameters + [Float(model.iterations)]
  }

  @Test("fit's fused step trains as lossAndGradients and applyGradients do, bit for bit",
        arguments: shapes.indices, settings.indices)
  func matchesLayerByLayer(shape: Int, setting: Int) throws {
    let (model, x, y) = try Self.problem(shape: shape, setting: setting)
    let batch = Self.shapes[shape].batch
    #expect(LSTMDenseTraining(model, batchSizes: [batch]) != nil, "the fused step does not apply")
    let fused = try Self.trained(model, x, y, batch: batch, fused: true)
    let plain = try Self.trained(model, x, y, batch: batch, fused: false)
    #expect(fused.allSatisfy { $0.isFinite }, "shape \(shape), setting \(setting): not finite")
    // `==` on arrays is false for any NaN, so a NaN fails the check.
    #expect(fused == plain, "shape \(shape), setting \(setting): the fused step differs")
  }

  @Test("a non-finite loss stops fit with the weights and moments from before that batch")
  func nonFiniteLoss() throws {
    // Batches of 3 on 8 samples: the NaN in sample 4 poisons the second batch of the first epoch.
    let (model, x, y) = try Self.problem(shape: 6, setting: 0, poisonAt: 4)
    var poisoned = model
    #expect(throws: NNError.self) {
      try poisoned.fit(x, y, options: FitOptions(epochs: 1, batchSize: 3, shuffle: false, verbose: false))
    }
    var clean = model
    _ = try clean.fit(
      x.slice(outer: 0..<3), y.slice(outer: 0..<3), options: FitOptions(epochs: 1, batchSize: 3, shuffle: false, verbose: false))
    #expect(poisoned.parameters == clean.parameters && poisoned.iterations == clean.iterations)
    // One more layer-by-layer step on a clean sample, whose update depends on Adam's moments.
    for index in [0, 1] {
      var model = index == 0 ? poisoned : clean
      let (_, gradients) = try model.lossAndGradients(x.gather(outer: [0]), y.gather(outer: [0]))
      model.applyGradients(gradients)
      if index == 0 { poisoned = model } else { clean = model }
    }
    #expect(poisoned.parameters == clean.parameters, "the moments differ")
  }

  @Test("other models, optimisers and clipping train layer by layer")
  func appliesOnlyToLSTMDense() throws {
    let lstm = try Sequential(inputShape: [4, 1], layers: [LSTM(units: 8), Dense(units: 1)])
    #expect(LSTMDenseTraining(lstm, batchSizes: [1]) != nil)
    var sgd = lstm
    sgd.compile(optimizer: SGD())
    var clipped = lstm
    clipped.compile(globalClipNorm: 1)
    let gru = try Sequential(inputShape: [4, 1], layers: [GRU(units: 8), Dense(units: 1)])
    let stacked = try Sequential(inputShape: [4, 1], layers: [LSTM(units: 8, returnSequences: true), LSTM(units: 4), Dense(units: 1)])
    let activated = try Sequential(inputShape: [4, 1], layers: [LSTM(units: 8), Dense(units: 1, activation: .relu)])
    for model in [sgd, clipped, gru, stacked, activated] {
      #expect(LSTMDenseTraining(model, batchSizes: [1]) == nil)
    }
  }

  @Test("input projections are made per step when all of them pass 8,192 floats or one feature's are fused into the cells, unless GEMM would split their sums")
  func projectionPlace() {
    // The large benchmark; the reference (4,800 floats) with one feature and two; U 683, T 3, B 1
    // (8,196 floats): with one feature one sum each, with 32 the product over every step's 3 rows
    // splits its sums in two.
    #expect(LSTMDenseTraining.projectsPerStep(units: 256, batch: 64, steps: 48, features: 16))
    #expect(LSTMDenseTraining.projectsPerStep(units: 100, batch: 1, steps: 12, features: 1) == GEMM.columnProductsFused)
    #expect(GEMM.columnProductsFused == GEMM.runsAVX2)
    #expect(!LSTMDenseTraining.projectsPerStep(units: 100, batch: 1, steps: 12, features: 2))
    #expect(LSTMDenseTraining.projectsPerStep(units: 683, batch: 1, steps: 3, features: 1))
    #expect(!LSTMDenseTraining.projectsPerStep(units: 683, batch: 1, steps: 3, features: 32))
  }

  @Test("the job makes the input kernel's gradient unless GEMM would split that product's sums")
  func inputGradientPlace() {
    // The large benchmark; the reference (1 × 400 × 12: too small to split); two features over
    // 16 × 24 rows split their sums in two.
    #expect(LSTMDenseTraining.inputGradientInJob(units: 256, batch: 64, steps: 48, features: 16))
    #expect(LSTMDenseTraining.inputGradientInJob(units: 100, batch: 1, steps: 12, features: 1))
    #expect(!LSTMDenseTraining.inputGradientInJob(units: 100, batch: 16, steps: 24, features: 2))
  }

  @Test("the job updates the other parameters unless GEMM would split the sums of one of their gradients")
  func restPlace() {
    // The reference; the input kernel's gradient split (as above); the output bias' (1 × 512 over
    // 64 rows, but not over a last batch of 6).
    #expect(LSTMDenseTraining.restInJob(units: 100, batch: 1, steps: 12, features: 1, outputs: 1))
    #expect(!LSTMDenseTraining.restInJob(units: 100, batch: 16, steps: 24, features: 2, outputs: 1))
    #expect(!LSTMDenseTraining.restInJob(units: 4, batch: 64, steps: 2, features: 1, outputs: 512))
    #expect(LSTMDenseTraining.restInJob(units: 4, batch: 6, steps: 2, features: 1, outputs: 512))
  }

  @Test("the thread choice warms up, keeps the faster of a trial's two blocks, then tries again")
  func threadChoice() {
    typealias Choice = LSTMDenseTraining.ThreadChoice
    let (block, settle, kept) = (Choice.blockSteps, Choice.settleSteps, Choice.keptSteps)
    #expect(block == 8 && settle == 2)
    #expect(Choice.warmUpSteps == 16 && Choice.warmUpTime == .milliseconds(128) && Choice.keptTime == .seconds(2))
    // The warm-up lasts both 16 steps and 128 ms of them, on two threads, and counts nothing.
    var slowSteps = Choice()
    for _ in 0..<15 { slowSteps.record(.milliseconds(20), oneThread: false) }
    #expect(slowSteps.phase == .warmUp, "300 ms but 15 steps")
    slowSteps.record(.milliseconds(20), oneThread: false)
    #expect(slowSteps.phase == .trial)
    var choice = Choice()
    for _ in 0..<127 {
      choice.record(.milliseconds(1), oneThread: false)
      #expect(choice.phase == .warmUp && !choice.oneThread)
    }
    choice.record(.milliseconds(1), oneThread: false)
    #expect(choice.phase == .trial && !choice.oneThread)
    // A block on two threads (5 ms a step, the first two slower), then one on one thread: its
    // first two steps take 1 ms, the rest 3, 3, 3, 7, 7, 7. Without them its median is 7 ms and
    // two threads win; counted, it would be 3 ms.
    let oneThreadSteps = [1, 1, 3, 3, 3, 7, 7, 7]
    for step in 0..<2 * block {
      let onOne = step >= block
      #expect(choice.oneThread == onOne, "step \(step) of the trial")
      let milliseconds = onOne ? oneThreadSteps[step - block] : (step < settle ? 50 : 5)
      choice.record(.milliseconds(milliseconds), oneThread: choice.oneThread)
    }
    #expect(choice.phase == .kept && !choice.oneThread, "two threads were faster by median, without the settling steps")
    for _ in 0..<kept - 1 { choice.record(.milliseconds(5), oneThread: choice.oneThread) }
    #expect(choice.phase == .kept && !choice.oneThread)
    choice.record(.milliseconds(5), oneThread: false)
    #expect(choice.phase == .trial && !choice.oneThread, "after two threads, a new trial without a warm-up")
    // A step recorded on the other setting than the choice (a concurrent fit's) counts where it
    // was asked to run: here every step is, one thread taking 2 ms and two 3 ms.
    for _ in 0..<2 * block {
      let used = !choice.oneThread
      choice.record(.milliseconds(used ? 2 : 3), oneThread: used)
    }
    #expect(choice.phase == .kept && choice.oneThread, "one thread was faster by median")
    // Kept for 2,048 steps and 2 s: 2,048 steps of 0.1 ms are not enough.
    for _ in 0..<kept { choice.record(.microseconds(100), oneThread: true) }
    #expect(choice.phase == .kept && choice.oneThread)
    for _ in kept..<20_000 - 1 { choice.record(.microseconds(100), oneThread: true) }
    #expect(choice.phase == .kept)
    choice.record(.microseconds(100), oneThread: true)
    #expect(choice.phase == .warmUp && !choice.oneThread, "after one thread, a new warm-up on two")
    for _ in 0..<Choice.warmUpSteps { choice.record(.milliseconds(8), oneThread: false) }
    #expect(choice.phase == .trial)
    // Two threads: 1, 1, then 4, 4, 4, 9, 9, 9 ms (median 9, or 4 with the first two); one: 7.
    let twoThreadSteps = [1, 1, 4, 4, 4, 9, 9, 9]
    for step in 0..<2 * block {
      #expect(choice.oneThread == (step >= block))
      choice.record(.milliseconds(step < block ? twoThreadSteps[step] : 7), oneThread: choice.oneThread)
    }
    #expect(choice.phase == .kept && choice.oneThread, "one thread was faster, without the two-thread block's first steps")
    for _ in 0..<kept { choice.record(.milliseconds(7), oneThread: true) }
    for _ in 0..<Choice.warmUpSteps { choice.record(.milliseconds(8), oneThread: false) }
    for _ in 0..<2 * block { choice.record(.milliseconds(choice.oneThread ? 3 : 2), oneThread: choice.oneThread) }
    #expect(choice.phase == .kept && !choice.oneThread, "two threads were faster by median")
  }

  @Test("every fused step is counted once, by its shape and the threads it was given")
  func stepCounts() throws {
    // Shapes no other test trains (concurrent tests share the process's counts and choices).
    func fit(units: Int, steps: Int, features: Int, samples: Int, batch: Int) throws {
      var model = try Sequential(inputShape: [steps, features], layers: [LSTM(units: units), Dense(units: 1)], seed: 3)
      model.compile(optimizer: Adam())
      var generator = SeededGenerator(seed: 3)
      let count = samples * steps * features
      let x = Tensor(shape: [samples, steps, features], scalars: (0..<count).map { _ in Float(generator.nextNormal()) })
      let y = Tensor(shape: [samples, 1], scalars: (0..<samples).map { _ in Float(generator.nextNormal()) })
      _ = try model.fit(x, y, options: FitOptions(epochs: 2, batchSize: batch, verbose: false))
    }
    // LSTM(6), 10 samples in batches of 3 (three and a last one of 1 an epoch): 3 × 4U × U = 432
    // multiply-adds a step's product, too few to split.
    let small = { (batch: Int) in FusedStepThreads.counts(batch: batch, steps: 7, features: 2, units: 6, outputs: 1) }
    let (full, last) = (small(3), small(1))
    try fit(units: 6, steps: 7, features: 2, samples: 10, batch: 3)
    #expect(small(3).since(full) == FusedStepThreads(unsplit: 6))
    #expect(small(1).since(last) == FusedStepThreads(unsplit: 2))
    #expect(small(2) == FusedStepThreads(), "no step of a batch of 2")
    // LSTM(64), batches of 2: 2 × 256 × 64 = 32,768, split. Eight steps are inside the thread
    // choice's warm-up, so every one is given two threads.
    let large = { FusedStepThreads.counts(batch: 2, steps: 5, features: 3, units: 64, outputs: 1) }
    let before = large()
    try fit(units: 64, steps: 5, features: 3, samples: 8, batch: 2)
    #expect(large().since(before) == FusedStepThreads(twoThreads: 8))
    // Where a step goes, on a counter of its own.
    let counter = FusedStepCounter()
    for (unsplit, oneThread) in [(true, false), (false, true), (false, false), (false, true), (true, true)] {
      counter.add(unsplit: unsplit, oneThread: oneThread)
    }
    #expect(counter.current == FusedStepThreads(unsplit: 2, oneThread: 2, twoThreads: 1))
    #expect(counter.current + FusedStepThreads(unsplit: 1, twoThreads: 2) == FusedStepThreads(unsplit: 3, oneThread: 2, twoThreads: 3))
  }

  @Test("two threads are kept only when at least 5% faster by median, and when timed")
  func twoThreadsFaster() {
    let faster = LSTMDenseTraining.ThreadChoice.twoThreadsFaster
    func microseconds(_ values: [Int]) -> [Duration] { values.map { .microseconds($0) } }
    #expect(faster(microseconds([48, 49, 50, 51, 90, 52]), microseconds([75, 76, 74, 75, 75, 77])))
    #expect(faster(microseconds([95, 95, 95]), microseconds([100, 100, 100])))
    // Under 5% (or a tie: a worker that took no part) goes to one thread.
    #expect(!faster(microseconds([96, 96, 96]), microseconds([100, 100, 100])))
    // Of an even count, the upper of the two middle values counts: 96 (not 94) against 100.
    #expect(!faster(microseconds([90, 94, 96, 99]), microseconds([100, 100, 100, 100])))
    #expect(!faster(microseconds([79, 80, 80, 79, 97, 80]), microseconds([79, 80, 80, 81, 80, 79])))
    #expect(!faster(microseconds([110, 112, 111]), microseconds([78, 78, 79])))
    // One side not timed: two threads only when they were.
    #expect(faster(microseconds([50]), []))
    #expect(!faster([], microseconds([50])))
    #expect(!faster([], []))
  }
}
