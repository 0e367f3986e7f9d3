import _CForecastKernels

/// An LSTM layer's whole time loop over a batch, forward and backward through time, in one kernel
/// call each (package API, for ForecastNN's `RecurrentLayer`).
///
/// Every value is the one the step-by-step loop computes (the same products, summed in the same
/// order, with the same gate maths), bit for bit; what changes is the cost around them: no call
/// from Swift per step, and with two threads one hand-off per step (`fk_phases`) instead of a
/// fork-join per product, each thread working on its own units' gates — and, when a product's sums are split
/// (`GEMM.sumSplit`), streaming only its own rows of the recurrent kernel. Shapes as in
/// `RecurrentLayer`: B rows, T steps, U units, gates i, f, c, o in blocks of U; time-major buffers.
package struct LSTMSequence: Sendable {
  package let steps: Int, batch: Int, units: Int
  package let activation: Activation, recurrentActivation: Activation
  /// Where each recurrent product is summed in two (`GEMM.sumSplit`), or 0.
  let split: Int
  /// Whether the recurrent products go through packed panels (`GEMM.packs`).
  let pack: Bool
  /// 1, or 2 to run on both cores.
  package let threads: Int

  /// Recurrent products of at least this many multiply-adds per step run on two threads, with a
  /// hand-off per step (as GEMM's `parallelThreshold`; on a busy machine every job runs on one
  /// thread, see `Parallel.halves`).
  package static let twoThreadThreshold = 1 << 15

  /// The time loop of `steps` steps over `batch` rows of an LSTM of `units` units, on two threads
  /// when `parallel` and each step's product is large enough, else on the calling thread.
  package init(steps: Int, batch: Int, units: Int, activation: Activation, recurrentActivation: Activation, parallel: Bool) {
    precondition(steps >= 1 && batch >= 1 && units >= 1, "LSTMSequence: \(steps) steps, batch \(batch), \(units) units")
    (self.steps, self.batch, self.units) = (steps, batch, units)
    (self.activation, self.recurrentActivation) = (activation, recurrentActivation)
    let width = 4 * units
    split = GEMM.sumSplit(m: batch, n: width, k: units, packed: GEMM.packs(rows: batch), bTransposed: false) ?? 0
    pack = GEMM.packs(rows: batch)
    threads = parallel && batch * width * units >= Self.twoThreadThreshold ? 2 : 1
  }

  /// Whether the two parts of a two-thread loop run on the calling thread, one after the other.
  private var alone = false

  /// This loop on the calling thread alone: the same parts as on two threads, without the
  /// hand-offs, except that the recurrent kernel's gradient is one product of all its rows
  /// (`fk_lstm_sequence.alone`); the same values on our kernels, where each element of a product
  /// is its own chain of multiply-adds.
  package var onOneThread: LSTMSequence {
    var sequence = self
    sequence.alone = true
    return sequence
  }

  /// Floats of the `rProj` scratch either method takes.
  package var rProjCount: Int { fk_lstm_rproj_size(batch, units) }

  /// Floats of the `packed` scratch either method takes, for one thread or two.
  package var packedCount: Int {
    pack ? max(fk_lstm_packed_size(units, split, 1), fk_lstm_packed_size(units, split, 2)) : 1
  }

  /// The forward loop: writes h_1 … h_T into `hidden` (`[T+1, B, U]`, h_0 = 0 read), c_1 … c_T
  /// into `cell` (likewise) and the tape (`[T, B, 5U]`), from `xProj` (`[T, B, 4U]`, input
  /// projection and bias) and `recurrentKernel` (`[U, 4U]`).
  ///
  /// For inference, `tape` is nil (no tape is computed) and `ring` keeps only the last two
  /// steps' states: `hidden` and `cell` are then `[2, B, U]`, step t in slot t mod 2 (h_T in slot
  /// T mod 2). Every h and c is the same, bit for bit.
  /// - Precondition: the scratch buffers hold `rProjCount` and `packedCount` floats.
  package func forward(
    recurrentKernel: UnsafePointer<Float>, xProj: UnsafePointer<Float>,
    hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>, tape: UnsafeMutablePointer<Float>?,
    ring: Bool = false, rProj: UnsafeMutableBufferPointer<Float>, packed: UnsafeMutableBufferPointer<Float>
  ) {
    var sequence = arguments(recurrentKernel, hidden, cell, tape, rProj, packed)
    sequence.xproj = xProj
    sequence.ring = ring ? 1 : 0
    fk_lstm_sequence_forward(&sequence)
  }

  /// The backward loop after `forward` on the same buffers: writes dz = ∂L/∂(xProj + rProj) of
  /// every step (`[T, B, 4U]`) and ∂L/∂recurrentKernel (`[U, 4U]`), from ∂L/∂h_T (`[B, U]`) or,
  /// with `returnSequences`, ∂L/∂h_t for every step (`[B, T, U]`). `dh` and `dc` are `[B, U]`
  /// scratch.
  /// - Precondition: the scratch buffers hold `rProjCount` and `packedCount` floats.
  package func backward(
    recurrentKernel: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
    tape: UnsafeMutablePointer<Float>, outputGradient: UnsafePointer<Float>, returnSequences: Bool,
    dz: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>,
    recurrentGradient: UnsafeMutablePointer<Float>,
    rProj: UnsafeMutableBufferPointer<Float>, packed: UnsafeMutableBufferPointer<Float>
  ) {
    var sequence = arguments(recurrentKernel, hidden, cell, tape, rProj, packed)
    sequence.output_gradient = outputGradient
    sequence.return_sequences = returnSequences ? 1 : 0
    sequence.dz = dz
    sequence.dh = dh
    sequence.dc = dc
    sequence.recurrent_gradient = recurrentGradient
    fk_lstm_sequence_backward(&sequence)
  }

  /// The output layer a training step (`trainStep`) puts on the LSTM's last state: a linear
  /// `Dense(outputs)` with kernel `[U, outputs]` and an optional bias, and its loss (`fk_loss`
  /// code, and Huber's δ).
  package struct OutputLayer {
    package var kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outputs: Int
    package var lossCode: Int32, huberDelta: Float

    package init(kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outputs: Int, lossCode: Int32, huberDelta: Float) {
      (self.kernel, self.bias, self.outputs, self.lossCode, self.huberDelta) = (kernel, bias, outputs, lossCode, huberDelta)
    }
  }

  /// Where a training step's input projections `x_t·kernel + bias` (`[B, 4U]` per step) come from.
  package enum InputProjection {
    /// Made beforehand for every step: `[T, B, 4U]`.
    case precomputed(UnsafePointer<Float>)
    /// Made in each step's phase from the time-major input `[T, B, features]`, its kernel
    /// `[features, 4U]` and bias (`[4U]`, or nil), each part its own units' gates (one feature's
    /// in the cells themselves where `GEMM.columnProductsFused`) — the values of
    /// `GEMM.multiply(bias:)` over every step at once, bit for bit, when that product does not
    /// split its sums (`GEMM.sumSplit`).
    case perStep(input: UnsafePointer<Float>, features: Int, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?)
  }

  /// Adam's update of the recurrent kernel in a training step: its moments (laid out like it) and
  /// the step's bias-corrected α.
  package struct RecurrentUpdate {
    package var m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>
    package var alpha: Float, beta1: Float, beta2: Float, epsilon: Float

    package init(m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, alpha: Float, beta1: Float, beta2: Float, epsilon: Float) {
      (self.m, self.v, self.alpha, self.beta1, self.beta2, self.epsilon) = (m, v, alpha, beta1, beta2, epsilon)
    }
  }

  /// A parameter tensor that a training step updates with Adam (`Rest`): its values (updated in
  /// place), its gradient (written) and its moments, laid out alike.
  package struct AdamTensor {
    package var values: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>
    package var m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>

    package init(values: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                 m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>) {
      (self.values, self.gradient, self.m, self.v) = (values, gradient, m, v)
    }

    var kernelTensor: fk_adam_tensor { fk_adam_tensor(values: values, gradient: gradient, m: m, v: v) }
  }

  /// A training step's parameters besides the recurrent kernel, for its job to update too where
  /// it can (`trainStep`): the input kernel `[features, 4U]`, the bias `[4U]`, the output layer's
  /// kernel `[U, outputs]` and bias (nil where a layer has none).
  package struct Rest {
    package var inputKernel: AdamTensor, bias: AdamTensor?, denseKernel: AdamTensor, denseBias: AdamTensor?

    package init(inputKernel: AdamTensor, bias: AdamTensor?, denseKernel: AdamTensor, denseBias: AdamTensor?) {
      (self.inputKernel, self.bias, self.denseKernel, self.denseBias) = (inputKernel, bias, denseKernel, denseBias)
    }

    var kernelRest: fk_lstm_rest {
      fk_lstm_rest(
        input_kernel: inputKernel.kernelTensor, bias: bias?.kernelTensor ?? fk_adam_tensor(),
        dense_kernel: denseKernel.kernelTensor, dense_bias: denseBias?.kernelTensor ?? fk_adam_tensor())
    }
  }

  /// One training step of this LSTM (last state only) followed by `output`, as one job: the
  /// forward loop (as `forward`, from `projection`), the outputs, the loss against `targets` (`[B, outputs]`) and
  /// ∂L/∂h_T (into `hiddenGradient`, `[B, U]`), the backward loop (as `backward`: dz and the
  /// recurrent kernel's gradient) and Adam's update of the recurrent kernel, each thread on its
  /// own rows. Every value is the one those calls and Dense's, the loss's and Adam's make one
  /// after the other, bit for bit. Returns the loss; when it is not finite, stops before the
  /// backward loop and updates nothing. `denseOutput` is scratch of `4·B·outputs` floats. With
  /// `inputGradient`, the step also writes the input kernel's gradient `inputᵀ·dz` (`[features,
  /// 4U]`, from the time-major input `[T, B, features]`) beside the recurrent kernel's, over the
  /// same packed dz: the values of `GEMM.multiply` over the whole product when it does not split
  /// its sums (`GEMM.sumSplit`), which the caller checks. With `rest`, where the job fuses the
  /// recurrent kernel's update (AVX2, a small dz), it also makes the other parameters' gradients
  /// (the input kernel's into `rest`'s) and updates them — the values of the layers' gradients and
  /// Adam when none of those products splits its sums, which the caller checks — and returns
  /// `updatedRest`; else the caller does.
  package func trainStep(
    recurrentKernel: UnsafeMutablePointer<Float>, projection: InputProjection,
    hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>, tape: UnsafeMutablePointer<Float>,
    output: OutputLayer, targets: UnsafePointer<Float>, hiddenGradient: UnsafeMutablePointer<Float>,
    denseOutput: UnsafeMutablePointer<Float>,
    dz: UnsafeMutablePointer<Float>, dh: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>,
    recurrentGradient: UnsafeMutablePointer<Float>, update: RecurrentUpdate,
    rProj: UnsafeMutableBufferPointer<Float>, packed: UnsafeMutableBufferPointer<Float>,
    inputGradient: (input: UnsafePointer<Float>, features: Int, into: UnsafeMutablePointer<Float>)? = nil,
    rest: Rest? = nil
  ) -> (loss: Float, updatedRest: Bool) {
    var step = fk_lstm_step()
    step.sequence = arguments(UnsafePointer(recurrentKernel), hidden, cell, tape, rProj, packed)
    switch projection {
    case .precomputed(let xProj):
      step.sequence.xproj = xProj
    case .perStep(let input, let features, let kernel, let bias):
      (step.sequence.input, step.sequence.features, step.sequence.input_kernel, step.sequence.bias) = (input, features, kernel, bias)
    }
    step.sequence.output_gradient = UnsafePointer(hiddenGradient)
    step.sequence.dz = dz
    step.sequence.dh = dh
    step.sequence.dc = dc
    step.sequence.recurrent_gradient = recurrentGradient
    if let inputGradient {
      precondition(
        GEMM.sumSplit(m: inputGradient.features, n: 4 * units, k: steps * batch, packed: false, bTransposed: false) == nil,
        "the input kernel's gradient would sum in two parts in GEMM")
      if case .perStep(_, let features, _, _) = projection {
        precondition(features == inputGradient.features, "the projection's and the gradient's features differ")
      }
      (step.sequence.input, step.sequence.features) = (inputGradient.input, inputGradient.features)
      step.sequence.input_gradient = inputGradient.into
    }
    step.outputs = output.outputs
    step.dense_kernel = output.kernel
    step.dense_bias = output.bias
    step.targets = targets
    step.loss = output.lossCode
    step.huber_delta = output.huberDelta
    step.hidden_gradient = hiddenGradient
    step.dense_output = denseOutput
    step.recurrent_kernel = recurrentKernel
    step.recurrent_m = update.m
    step.recurrent_v = update.v
    (step.alpha, step.b1c, step.b2c, step.epsilon) = (update.alpha, 1 - update.beta1, 1 - update.beta2, update.epsilon)
    precondition(rest == nil || inputGradient != nil, "the job updates the rest with the input kernel's gradient")
    var loss = Float.nan
    var kernelRest = rest?.kernelRest ?? fk_lstm_rest()
    let updatedRest = withUnsafeMutablePointer(to: &loss) { loss in
      withUnsafePointer(to: &kernelRest) { kernelRest in
        step.loss_value = loss
        step.rest = rest == nil ? nil : kernelRest
        return fk_lstm_step_run(&step) != 0
      }
    }
    return (loss, updatedRest)
  }

  /// The arguments both loops take: the shapes, the recurrent kernel, the states, the tape and the
  /// scratch (checked to be large enough).
  private func arguments(
    _ recurrentKernel: UnsafePointer<Float>, _ hidden: UnsafeMutablePointer<Float>, _ cell: UnsafeMutablePointer<Float>,
    _ tape: UnsafeMutablePointer<Float>?, _ rProj: UnsafeMutableBufferPointer<Float>,
    _ packed: UnsafeMutableBufferPointer<Float>
  ) -> fk_lstm_sequence {
    precondition(rProj.count >= rProjCount && packed.count >= packedCount, "LSTMSequence: scratch too small")
    var sequence = fk_lstm_sequence()
    sequence.hidden = hidden
    sequence.cell = cell
    sequence.tape = tape
    sequence.steps = steps
    sequence.batch = batch
    sequence.units = units
    sequence.activation = activation.kernelCode
    sequence.recurrent_activation = recurrentActivation.kernelCode
    sequence.split = split
    sequence.pack = pack ? 1 : 0
    sequence.threads = Int32(threads)
    sequence.alone = alone ? 1 : 0
    sequence.recurrent_kernel = recurrentKernel
    sequence.rproj = rProj.baseAddress
    sequence.packed = packed.baseAddress
    return sequence
  }
}
