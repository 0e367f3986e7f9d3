import Foundation
import ForecastKernels

/// `fit`'s training step for `LSTM` (last state only) → `Dense` (linear) with Adam and no
/// gradient clipping — the tutorial's network and the ones `lstm`, `hybrid` and `auto` train.
///
/// The LSTM's loops, the output layer, the loss and the recurrent kernel's Adam update run as one
/// job (`LSTMSequence.trainStep`), each thread keeping to its own rows of the recurrent kernel
/// from the forward pass to the update, and the input kernel's gradient made beside the recurrent
/// kernel's (`inputGradientInJob`). Where the job fuses the recurrent kernel's update (small
/// networks) it updates the rest as well, each thread its own units' share (`restInJob`); else
/// the rest (the biases' and the output layer's gradients, the input kernel's where the job did
/// not make it, and their updates) follows on the caller. The values are those of
/// `lossAndGradients` followed by `applyGradients`, bit for bit, with one hand-off per phase
/// instead of a fork-join per layer and per update.
struct LSTMDenseTraining {
  let lstm: LSTM, dense: Dense
  /// Where each layer's parameters sit in the model's flat buffer.
  private let lstmRanges: [Range<Int>], denseRanges: [Range<Int>]
  private var gradients: AlignedFloats
  /// The buffers of a step, per batch size (a full batch and a smaller last one take turns).
  private var scratch: [Int: Scratch] = [:]

  /// What a step of one batch size writes: the LSTM's tape (without the input projections when
  /// the step makes them per step), ∂L/∂h_T `[B, U]` and the output layer's scratch `[2, 2, B, O]`
  /// (part 0's ∂L/∂outputs at B·O).
  private final class Scratch {
    let tape: LSTM.Tape
    /// Whether the step makes the input projections per step (`projectsPerStep`).
    let projectsPerStep: Bool
    /// Whether the job makes the input kernel's gradient (`inputGradientInJob`).
    let inputGradientInJob: Bool
    /// Whether the job may update the other parameters too (`restInJob`).
    let restInJob: Bool
    var hiddenGradient: AlignedFloats, denseOutput: AlignedFloats
    /// The step counter of this batch's shape.
    let counter: FusedStepCounter

    init(_ lstm: LSTM, batch: Int, steps: Int, features: Int, outputs: Int) {
      projectsPerStep = LSTMDenseTraining.projectsPerStep(
        units: lstm.units, batch: batch, steps: steps, features: features)
      inputGradientInJob = LSTMDenseTraining.inputGradientInJob(units: lstm.units, batch: batch, steps: steps, features: features)
      restInJob = LSTMDenseTraining.restInJob(
        units: lstm.units, batch: batch, steps: steps, features: features, outputs: outputs)
      tape = LSTM.Tape(
        batch: batch, steps: steps, features: features, units: lstm.units,
        sequence: lstm.fusedSequence(batch: batch, steps: steps), keepsProjections: !projectsPerStep)
      hiddenGradient = AlignedFloats(repeating: 0, count: batch * lstm.units)
      denseOutput = AlignedFloats(repeating: 0, count: 4 * batch * outputs)
      counter = ThreadChoice.counter(
        for: .init(batch: batch, steps: steps, features: features, units: lstm.units, outputs: outputs))
    }
  }

  /// The step for `model`, or nil when its layers, optimiser or clipping are others, when Dense
  /// would sum a batch's outputs in two parts (`GEMM.sumSplit`; the step sums them in one) for
  /// one of `batchSizes`, or when the products go to Accelerate.
  init?(_ model: Sequential, batchSizes: [Int]) {
    guard model.layers.count == 2, model.inputShape.count == 2, let lstm = model.layers[0] as? LSTM,
          !lstm.returnSequences, lstm.fusedSequence(batch: 1, steps: 1) != nil,
          let dense = model.layers[1] as? Dense, dense.activation == .linear,
          model.optimizer is Adam, model.globalClipNorm == nil,
          // Accelerate does not promise the same sums for every cut of a product, which the
          // step's parts make differently from the layers'.
          GEMM.kernelName != "accelerate",
          batchSizes.allSatisfy({ Self.sumsInOne(m: $0, n: dense.units, k: lstm.units) })
    else { return nil }
    (self.lstm, self.dense) = (lstm, dense)
    (lstmRanges, denseRanges) = (model.parameterRanges(ofLayer: 0), model.parameterRanges(ofLayer: 1))
    gradients = AlignedFloats(repeating: 0, count: model.parameterCount)
  }

  /// Trains `model` on one batch, `x` `[B, T, F]` and `y` `[B, O]`: returns the loss before the
  /// update, and updates the parameters, Adam's moments and `iterations` unless it is not finite.
  mutating func step(_ model: inout Sequential, _ x: Tensor, _ y: Tensor) -> Float {
    let (batch, steps, features) = (x.shape[0], x.shape[1], x.shape[2])
    let (units, outputs) = (lstm.units, dense.units)
    if scratch[batch]?.tape.fits(batch: batch, steps: steps, features: features) != true {
      scratch[batch] = Scratch(lstm, batch: batch, steps: steps, features: features, outputs: outputs)
    }
    let buffers = scratch[batch]!, tape = buffers.tape
    let twoThreads = tape.sequence!.threads == 2
    let shape = ThreadChoice.Shape(batch: batch, steps: steps, features: features, units: units, outputs: outputs)
    let oneThread = twoThreads && ThreadChoice.oneThread(for: shape)
    let sequence = oneThread ? tape.sequence!.onOneThread : tape.sequence!
    let start = ContinuousClock.now
    defer {
      buffers.counter.add(unsplit: !twoThreads, oneThread: oneThread)
      if twoThreads { ThreadChoice.record(ContinuousClock.now - start, oneThread: oneThread, for: shape) }
    }
    guard var adam = model.optimizer as? Adam else { preconditionFailure("LSTMDenseTraining trains with Adam only") }
    // Adam leaves the model for the step, so that its moments are not shared (no copy on write).
    model.optimizer = Self.placeholderOptimizer
    defer { model.optimizer = adam }
    let (lstm, dense, lstmRanges, denseRanges, update) = (lstm, dense, lstmRanges, denseRanges, model.iterations + 1)
    let (lossCode, huberDelta) = (model.loss.kernelCode, model.loss.huberDelta)
    let (beta1, beta2, epsilon) = (adam.beta1, adam.beta2, adam.epsilon)
    let loss = model.parameterBuffer.withUnsafeMutableBufferPointer { p in
      gradients.withUnsafeMutableBufferPointer { g in
        buffers.hiddenGradient.withUnsafeMutableBufferPointer { hiddenGradient in
          buffers.denseOutput.withUnsafeMutableBufferPointer { denseOutput in
            adam.withMoments(count: p.count, step: update) { m, v, alpha in
              let lstmParameters = ParameterView(buffers: lstmRanges.map { UnsafeBufferPointer(rebasing: p[$0]) })
              let projection: LSTMSequence.InputProjection
              if buffers.projectsPerStep {
                x.withUnsafeBufferPointer { x in lstm.stage(x.baseAddress!, into: tape.pass) }
                projection = .perStep(
                  input: tape.pass.input, features: features, kernel: lstmParameters[0],
                  bias: lstm.useBias ? lstmParameters[2] : nil)
              } else {
                x.withUnsafeBufferPointer { x in lstm.project(x.baseAddress!, parameters: lstmParameters, into: tape.pass) }
                projection = .precomputed(tape.xProj.baseAddress!)
              }
              let recurrent = lstmRanges[1]
              // The input kernel's gradient in the job, beside the recurrent kernel's over the
              // same packed dz (one pass less over it), where GEMM would not split its sums.
              let inputKernel = lstmRanges[0]
              let inputGradient = buffers.inputGradientInJob
                ? (input: UnsafePointer(tape.pass.input), features: features, into: g.baseAddress! + inputKernel.lowerBound)
                : nil
              func tensor(_ range: Range<Int>) -> LSTMSequence.AdamTensor {
                .init(values: p.baseAddress! + range.lowerBound, gradient: g.baseAddress! + range.lowerBound,
                      m: m.baseAddress! + range.lowerBound, v: v.baseAddress! + range.lowerBound)
              }
              let rest = buffers.restInJob
                ? LSTMSequence.Rest(
                  inputKernel: tensor(inputKernel), bias: lstm.useBias ? tensor(lstmRanges[2]) : nil,
                  denseKernel: tensor(denseRanges[0]), denseBias: dense.useBias ? tensor(denseRanges[1]) : nil)
                : nil
              let output = LSTMSequence.OutputLayer(
                kernel: p.baseAddress! + denseRanges[0].lowerBound,
                bias: dense.useBias ? UnsafePointer(p.baseAddress! + denseRanges[1].lowerBound) : nil,
                outputs: outputs, lossCode: lossCode, huberDelta: huberDelta)
              let (loss, updatedRest) = y.withUnsafeBufferPointer { y in
                sequence.trainStep(
                  recurrentKernel: p.baseAddress! + recurrent.lowerBound, projection: projection,
                  hidden: tape.hidden.baseAddress!, cell: tape.cellState.baseAddress!, tape: tape.cellTape.baseAddress!,
                  output: output, targets: y.baseAddress!, hiddenGradient: hiddenGradient.baseAddress!,
                  denseOutput: denseOutput.baseAddress!, dz: tape.dXProj.baseAddress!, dh: tape.dh.baseAddress!,
                  dc: tape.dc.baseAddress!, recurrentGradient: g.baseAddress! + recurrent.lowerBound,
                  update: .init(
                    m: m.baseAddress! + recurrent.lowerBound, v: v.baseAddress! + recurrent.lowerBound,
                    alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon),
                  rProj: tape.rProj, packed: tape.packed, inputGradient: inputGradient, rest: rest)
              }
              guard loss.isFinite, !updatedRest else { return loss }
              func finish() {
                lstm.inputKernelGradients(
                  tape, gradients: GradientView(buffers: lstmRanges.map { UnsafeMutableBufferPointer(rebasing: g[$0]) }),
                  kernelDone: inputGradient != nil)
                dense.parameterGradients(
                  tape.hidden.baseAddress! + steps * batch * units, rows: batch, features: units,
                  dz: denseOutput.baseAddress! + batch * outputs,
                  gradients: GradientView(buffers: denseRanges.map { UnsafeMutableBufferPointer(rebasing: g[$0]) }))
                // Adam on the rest: the kernel, then the bias and the output layer.
                for range in [0..<recurrent.lowerBound, recurrent.upperBound..<p.count] {
                  UpdateKernels.adam(
                    parameters: UnsafeMutableBufferPointer(rebasing: p[range]), gradients: UnsafeBufferPointer(rebasing: g[range]),
                    m: UnsafeMutableBufferPointer(rebasing: m[range]), v: UnsafeMutableBufferPointer(rebasing: v[range]),
                    alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon)
                }
              }
              // After a job that chose one thread, the worker has been idle (and may sleep): the
              // rest, small beside the job, runs here rather than pay for waking it.
              if oneThread { Parallel.alone(finish) } else { finish() }
              return loss
            }
          }
        }
      }
    }
    if loss.isFinite { model.iterations = update }
    return loss
  }

  /// Projections of every step at once (`[T, B, 4U]`) up to this many floats (32 KiB) are made
  /// before the job: they stay in the cache closest to the core anyway, and one product costs
  /// less than a small one per step and part (for the reference, U 100, T 12, B 1, the per-step
  /// products took 2.1% of a profile against 0.6% for the one before the job).
  static let precomputedProjectionFloats = 8192

  /// Whether a step makes the input projections x_t·kernel + bias step by step inside its job,
  /// from `stage`'s time-major input, rather than all at once before it (`project`): each then
  /// stays in the cache between being made and being used, where all of them would not (the
  /// large benchmark's are 12 MB); and a single feature's, where one pass of multiply-adds makes
  /// it (`GEMM.columnProductsFused`), in the cells themselves, never written out (the reference,
  /// U 100, T 12, B 1: 0.7–0.85 µs a step for the projection before the job, timed in `fit`).
  /// Not where the product over every step would sum in two parts (`GEMM.sumSplit`: fewer than
  /// four rows), as no step's product does.
  static func projectsPerStep(units: Int, batch: Int, steps: Int, features: Int) -> Bool {
    let width = 4 * units
    return (steps * batch * width > precomputedProjectionFloats || features == 1 && GEMM.columnProductsFused)
      && sumsInOne(m: steps * batch, n: width, k: features)
  }

  /// Whether a step's job makes the input kernel's gradient xᵀ·dz beside the recurrent kernel's,
  /// over the same packed dz, rather than `inputKernelGradients` after it — one pass less over dz
  /// (12.6 MB a batch for the large benchmark). Not where that product, over every step at once,
  /// would sum in two parts (`GEMM.sumSplit`: fewer than four features), as the job's does not.
  static func inputGradientInJob(units: Int, batch: Int, steps: Int, features: Int) -> Bool {
    sumsInOne(m: features, n: 4 * units, k: steps * batch)
  }

  /// Whether a step's job may update the parameters besides the recurrent kernel too (where it
  /// fuses that kernel's update: `LSTMSequence.trainStep`), rather than `step` after it: where none
  /// of their gradients' products sums in two parts in GEMM (`GEMM.sumSplit`), as the job's do
  /// not — the input kernel's (`inputGradientInJob`), the bias' column sums of dz, and the output
  /// layer's kernel's and bias' over the batch.
  static func restInJob(units: Int, batch: Int, steps: Int, features: Int, outputs: Int) -> Bool {
    inputGradientInJob(units: units, batch: batch, steps: steps, features: features)
      && sumsInOne(m: 1, n: 4 * units, k: steps * batch) && sumsInOne(m: units, n: outputs, k: batch)
      && sumsInOne(m: 1, n: outputs, k: batch)
  }

  /// Whether GEMM makes a plain product of `m` × `k` by `k` × `n` with every element one sum
  /// (`GEMM.sumSplit` is nil), as the job's products are.
  private static func sumsInOne(m: Int, n: Int, k: Int) -> Bool {
    GEMM.sumSplit(m: m, n: n, k: k, packed: false, bTransposed: false) == nil
  }

  /// Whether a step that can run on both cores runs faster on one: measured, not assumed, since
  /// a core shared with other work, or one far from the other in the machine, can make each
  /// hand-off cost more than the second core brings. The choice is the process's, per shape, so
  /// it outlives one `fit`; either way the values are the same, bit for bit. It goes round three
  /// phases, each measured in steps and in the steps' recorded time:
  /// - warm-up: two threads, not compared, for at least `warmUpSteps` and `warmUpTime`. A worker
  ///   that has just started runs slowly at first: on a 2-vCPU AMD guest, the reference's job on
  ///   two threads (a copy of `scripts/lstm-step-bench.c` printing the mean of every 20 steps, 78
  ///   fresh processes in fast spells) took 55–185 µs a step for its first 3–110 ms (quartiles 17,
  ///   43 and 66 ms; never less than 16 steps), then 50 µs (75 on one thread). A worker woken
  ///   after one thread was kept seemed as slow: the next trial's two threads took 82–90 µs a step
  ///   against 78 on one, in spells where that probe ran at 50;
  /// - trial: a block of `blockSteps` on two threads, then one on one thread, each counted but
  ///   for its first `settleSteps` (after a switch, the data a thread owns is in the other core's
  ///   cache); `twoThreadsFaster` decides. Blocks, not steps taking turns: with turns, every step
  ///   after a switch paid for moving its data between the cores, which, when the two vCPUs were
  ///   far apart, charged one thread more than the second thread saved (`forecast bench`, B 16,
  ///   U 64, T 24, the trial's steps printed: one thread 850–950 µs a step in the trial against
  ///   625 when kept, two threads 700–830, so two were kept, at 740–810);
  /// - kept: the choice, for at least `keptSteps` and `keptTime`; then a new trial, after a new
  ///   warm-up if one thread was kept (the worker has slept since): when one thread is the
  ///   faster, at most 128 ms in every 2 s run at two threads' speed.
  struct ThreadChoice {
    static let warmUpSteps = 16, blockSteps = 8, settleSteps = 2, keptSteps = 2048
    static let trialSteps = 2 * blockSteps
    static let warmUpTime = Duration.milliseconds(128), keptTime = Duration.seconds(2)

    /// What a step's cost depends on.
    struct Shape: Hashable {
      let batch: Int, steps: Int, features: Int, units: Int, outputs: Int
    }

    /// The process's choices and step counters, per shape; `fit`s on several threads share them.
    private final class Choices: @unchecked Sendable {
      // @unchecked: `lock` guards `byShape` and `counters`.
      let lock = NSLock()
      var byShape: [Shape: ThreadChoice] = [:]
      var counters: [Shape: FusedStepCounter] = [:]
    }

    private static let choices = Choices()

    /// Whether the next step of `shape` runs on one thread.
    static func oneThread(for shape: Shape) -> Bool {
      choices.lock.withLock { choices.byShape[shape]?.oneThread ?? false }
    }

    /// Counts a step of `shape` that took `duration` on one thread or two.
    static func record(_ duration: Duration, oneThread: Bool, for shape: Shape) {
      choices.lock.withLock { choices.byShape[shape, default: ThreadChoice()].record(duration, oneThread: oneThread) }
    }

    /// The step counter of `shape`, made at the first call.
    static func counter(for shape: Shape) -> FusedStepCounter {
      choices.lock.withLock {
        if let counter = choices.counters[shape] { return counter }
        let counter = FusedStepCounter()
        choices.counters[shape] = counter
        return counter
      }
    }

    /// The steps of `shape` counted so far (none where no counter was made).
    static func counts(for shape: Shape) -> FusedStepThreads {
      choices.lock.withLock { choices.counters[shape] }?.current ?? FusedStepThreads()
    }

    /// Where the choice is in its round (see above).
    enum Phase { case warmUp, trial, kept }

    /// Whether the next step runs on one thread.
    private(set) var oneThread = false
    /// The phase the next step belongs to.
    private(set) var phase = Phase.warmUp
    /// The steps recorded in this phase, and the sum of their durations.
    private var steps = 0, time = Duration.zero
    /// The trial's durations on two threads, then on one.
    private var trial: [[Duration]] = [[], []]

    /// Whether steps that took `two` on two threads beat steps that took `one` on one: timed, and
    /// by median (the upper of two middle values) at least 5% faster, or one thread not timed. A
    /// tie goes to one thread, which does not depend on the other vCPU: a step asked of two threads
    /// runs on one when the worker has not come (or another thread's job holds it), and takes one
    /// thread's time.
    static func twoThreadsFaster(_ two: [Duration], than one: [Duration]) -> Bool {
      func median(_ times: [Duration]) -> Duration { times.sorted()[times.count / 2] }
      guard !two.isEmpty else { return false }
      return one.isEmpty || median(two) * 20 <= median(one) * 19
    }

    /// Counts a step that took `duration` (on one thread when `oneThread`) and chooses the next
    /// one's threads.
    mutating func record(_ duration: Duration, oneThread used: Bool) {
      steps += 1
      time += duration
      switch phase {
      case .warmUp:
        if steps >= Self.warmUpSteps && time >= Self.warmUpTime { start(.trial) }
      case .trial:
        if (steps - 1) % Self.blockSteps >= Self.settleSteps { trial[used ? 1 : 0].append(duration) }
        oneThread = steps >= Self.blockSteps
        if steps == Self.trialSteps {
          oneThread = !Self.twoThreadsFaster(trial[0], than: trial[1])
          start(.kept)
        }
      case .kept:
        if steps >= Self.keptSteps && time >= Self.keptTime {
          start(oneThread ? .warmUp : .trial)
          oneThread = false
        }
      }
    }

    private mutating func start(_ next: Phase) {
      (phase, steps, time, trial) = (next, 0, .zero, [[], []])
    }
  }

  /// What the model's optimiser is while `step` has taken Adam out.
  private static let placeholderOptimizer: any Optimizer = SGD()
}
