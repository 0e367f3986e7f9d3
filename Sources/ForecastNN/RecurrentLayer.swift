import ForecastKernels

/// A recurrent layer: a `RecurrentCell` run over the time axis, forward in time and backward
/// through time (BPTT as one reverse loop), as Keras' `RNN` drives its cells.
///
/// Shapes: input `[B, T, F]`; output `[B, T, U]` with `returnSequences`, else `[B, U]` (the last
/// step). Weights are Keras': kernel `[F, G·U]`, recurrent_kernel `[U, G·U]`, bias `[G·U]` (or
/// `[2, G·U]` for a GRU), G = the cell's gate count. The initial state is zero.
///
/// The matrix products are batched where time allows: the input projection of every step is one
/// GEMM before the loop, and the kernel gradients are one GEMM each after the reverse loop; only
/// the recurrent products (`h_{t-1} · recurrent_kernel` forward, `dRProj_t · recurrent_kernelᵀ`
/// backward) run per step, against a recurrent kernel prepared (packed) once per batch. An LSTM
/// runs its whole time loop, forward and backward, in one kernel call (`LSTMSequence`), which
/// computes the same values with less overhead per step.
public struct RecurrentLayer<Cell: RecurrentCell>: Layer {
  /// The step this layer repeats.
  public var cell: Cell
  /// Whether the layer has biases.
  public var useBias: Bool
  /// Whether the whole output sequence is returned (to stack recurrent layers) or the last step.
  public var returnSequences: Bool
  /// How the bias starts: zeros, or for an LSTM with `unit_forget_bias`, ones at the forget gate.
  public var biasInitializer: Initializer

  /// The number of units.
  public var units: Int { cell.units }

  /// A layer driving `cell`.
  public init(cell: Cell, useBias: Bool = true, returnSequences: Bool = false,
              biasInitializer: Initializer = .zeros) {
    self.cell = cell
    self.useBias = useBias
    self.returnSequences = returnSequences
    self.biasInitializer = biasInitializer
  }

  public var configuration: LayerConfiguration {
    LayerConfiguration(
      type: Cell.kerasName, units: units, activation: cell.activation,
      recurrentActivation: Cell.gateCount > 1 ? cell.recurrentActivation : nil,
      useBias: useBias, returnSequences: returnSequences,
      unitForgetBias: Cell.hasCellState ? biasInitializer == .unitForgetBias : nil)
  }

  public func outputShape(for inputShape: [Int]) throws(NNError) -> [Int] {
    guard inputShape.count == 2, inputShape[0] > 0, inputShape[1] > 0 else {
      throw .invalidConfiguration(
        "\(Cell.kerasName) expects input of shape (timesteps, features), found "
          + "\(NNError.shape(inputShape)). A recurrent layer after another one needs "
          + "returnSequences on the one before.")
    }
    return returnSequences ? [inputShape[0], units] : [units]
  }

  public func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec] {
    let features = inputShape.last ?? 0
    let width = Cell.gateCount * units
    var specs = [
      ParameterSpec(name: "kernel", shape: [features, width], initializer: .glorotUniform),
      ParameterSpec(name: "recurrent_kernel", shape: [units, width], initializer: .orthogonal),
    ]
    if useBias {
      let shape = Cell.biasRows == 1 ? [width] : [Cell.biasRows, width]
      specs.append(ParameterSpec(name: "bias", shape: shape, initializer: biasInitializer))
    }
    return specs
  }

  /// The forward pass kept for BPTT, all time-major, plus the backward pass' scratch. A class
  /// with buffers of its own, so that training reuses one tape per layer across batches
  /// (`recycling`) instead of allocating tens of megabytes per batch.
  final class Tape: LayerTape, @unchecked Sendable {
    // @unchecked: a tape belongs to one forward/backward pair at a time; nothing shares it.
    let batch: Int, steps: Int, features: Int
    /// The input, `[T, B, F]`.
    let input: UnsafeMutableBufferPointer<Float>
    /// The input projection of every step, `[T, B, G·U]` (one unused element when the fused
    /// training step makes them per step instead).
    let xProj: UnsafeMutableBufferPointer<Float>
    /// The recurrent projection of the current step, `[B, G·U]`.
    let rProj: UnsafeMutableBufferPointer<Float>
    /// h_0 … h_T, `[T+1, B, U]` (h_0 = 0).
    let hidden: UnsafeMutableBufferPointer<Float>
    /// c_0 … c_T for cells with a cell state (c_0 = 0), else one unused element.
    let cellState: UnsafeMutableBufferPointer<Float>
    /// The cell's per-step tape, `[T, B, tapeWidth·U]` (at least one element).
    let cellTape: UnsafeMutableBufferPointer<Float>
    /// Backward scratch: ∂L/∂xProj and ∂L/∂rProj of every step, `[T, B, G·U]`; for cells whose
    /// projections share their gradient, `dRProj` is one unused element and `dXProj` serves both.
    let dXProj: UnsafeMutableBufferPointer<Float>
    let dRProj: UnsafeMutableBufferPointer<Float>
    /// Backward scratch: ∂L/∂h of the current and the previous step, ∂L/∂c, each `[B, U]`.
    let dh: UnsafeMutableBufferPointer<Float>
    let dhPrev: UnsafeMutableBufferPointer<Float>
    let dc: UnsafeMutableBufferPointer<Float>
    /// The fused time loop of an LSTM, and its packed panels (or the packed recurrent kernel of
    /// the step-by-step loop; one element when nothing is packed).
    let sequence: LSTMSequence?
    let packed: UnsafeMutableBufferPointer<Float>

    init(batch: Int, steps: Int, features: Int, units: Int, sequence: LSTMSequence?, keepsProjections: Bool = true) {
      (self.batch, self.steps, self.features, self.sequence) = (batch, steps, features, sequence)
      let width = Cell.gateCount * units, state = batch * units
      input = zeroedBuffer(steps * batch * features)
      xProj = zeroedBuffer(keepsProjections ? steps * batch * width : 1)
      rProj = zeroedBuffer(max(batch * width, sequence?.rProjCount ?? 0))
      packed = zeroedBuffer(sequence?.packedCount ?? GEMM.preparedCount(k: units, n: width, rows: batch))
      hidden = zeroedBuffer((steps + 1) * state)
      cellState = zeroedBuffer(Cell.hasCellState ? (steps + 1) * state : 1)
      cellTape = zeroedBuffer(steps * state * Cell.tapeWidth)
      dXProj = zeroedBuffer(steps * batch * width)
      dRProj = zeroedBuffer(Cell.projectionsShareGradient ? 1 : steps * batch * width)
      dh = zeroedBuffer(state)
      dhPrev = zeroedBuffer(state)
      dc = zeroedBuffer(state)
    }

    deinit {
      for buffer in [input, xProj, rProj, hidden, cellState, cellTape, dXProj, dRProj, dh, dhPrev, dc, packed] { buffer.deallocate() }
    }

    func fits(batch: Int, steps: Int, features: Int) -> Bool {
      (self.batch, self.steps, self.features) == (batch, steps, features)
    }

    /// The forward pass into this tape: every step kept.
    var pass: ForwardPass {
      ForwardPass(
        batch: batch, steps: steps, features: features, input: input.baseAddress!, xProj: xProj.baseAddress!,
        rProj: rProj, packed: packed, hidden: hidden.baseAddress!, cellState: cellState.baseAddress!, ring: false,
        cellTape: cellTape.baseAddress!, keepsTape: true, sequence: sequence)
    }
  }

  /// Splitting a step's batch rows across two threads pays off from this many cell values on.
  static var parallelCellThreshold: Int { 8192 }

  /// The fused time loop for an LSTM of at least 4 units (below, GEMM may split the sums of the
  /// recurrent kernel's gradient, which the fused loop does not); nil for the other cells. On two
  /// threads when `parallel` and the steps are large enough (the values are the same either way).
  func fusedSequence(batch: Int, steps: Int, parallel: Bool = true) -> LSTMSequence? {
    guard let lstm = cell as? LSTMCell, units >= 4 else { return nil }
    return LSTMSequence(
      steps: steps, batch: batch, units: units, activation: lstm.activation,
      recurrentActivation: lstm.recurrentActivation, parallel: parallel)
  }

  public func forward(_ input: Tensor, parameters: ParameterView, recycling: (any LayerTape)?) -> (output: Tensor, tape: any LayerTape) {
    precondition(input.rank == 3, "\(Cell.kerasName) needs [B, T, F] input, got \(input.shape)")
    let (batch, steps, features) = (input.shape[0], input.shape[1], input.shape[2])
    parameters.check(parameterSpecs(for: [steps, features]), layer: Cell.kerasName)
    let tape: Tape
    if let old = recycling as? Tape, old.fits(batch: batch, steps: steps, features: features) {
      tape = old
    } else {
      tape = Tape(batch: batch, steps: steps, features: features, units: units, sequence: fusedSequence(batch: batch, steps: steps))
    }
    input.withUnsafeBufferPointer { x in forward(x.baseAddress!, parameters: parameters, into: tape.pass) }
    var output = Tensor(zeros: returnSequences ? [batch, steps, units] : [batch, units])
    output.withUnsafeMutableBufferPointer { out in write(tape.pass, into: out.baseAddress!) }
    return (output, tape)
  }

  /// Where one forward pass reads and writes, time-major (B rows, T steps): a tape's buffers,
  /// which keep every step for BPTT, or an inference's, which keep no tape and, unless the layer
  /// returns sequences, only the states of the last two steps.
  struct ForwardPass {
    let batch: Int, steps: Int, features: Int
    /// The input `[T, B, F]` and its projection `[T, B, G·U]`.
    let input: UnsafeMutablePointer<Float>, xProj: UnsafeMutablePointer<Float>
    /// Scratch: the recurrent projection, and the packed recurrent kernel (`LSTMSequence`'s
    /// panels, or `GEMM.prepare`'s).
    let rProj: UnsafeMutableBufferPointer<Float>, packed: UnsafeMutableBufferPointer<Float>
    /// h and c (when the cell has it): `[T+1, B, U]`, h_0 = c_0 = 0; with `ring`, `[2, B, U]`,
    /// step t in slot t mod 2.
    let hidden: UnsafeMutablePointer<Float>, cellState: UnsafeMutablePointer<Float>
    let ring: Bool
    /// The cell's tape `[T, B, tapeWidth·U]`; without `keepsTape`, `[B, tapeWidth·U]`, one step's
    /// scratch that each step overwrites (the fused LSTM loop then writes none).
    let cellTape: UnsafeMutablePointer<Float>
    let keepsTape: Bool
    /// The fused time loop of an LSTM, or nil for the step-by-step loop.
    let sequence: LSTMSequence?

    /// Where step t's states start in `hidden` and `cellState`.
    func stateOffset(_ t: Int, units: Int) -> Int { (ring ? t % 2 : t) * batch * units }
  }

  /// The forward pass of `input` (`[B, T, F]`, B, T and F as `pass`'s) into `pass`.
  func forward(_ input: UnsafePointer<Float>, parameters: ParameterView, into pass: ForwardPass) {
    project(input, parameters: parameters, into: pass)
    let recurrentKernel = parameters[1]
    let bias: UnsafePointer<Float>? = useBias ? parameters[2] : nil
    if let sequence = pass.sequence {
      sequence.forward(
        recurrentKernel: recurrentKernel, xProj: pass.xProj, hidden: pass.hidden, cell: pass.cellState,
        tape: pass.keepsTape ? pass.cellTape : nil, ring: pass.ring, rProj: pass.rProj, packed: pass.packed)
    } else {
      forwardSteps(pass, recurrentKernel: recurrentKernel, bias: bias)
    }
  }

  /// What comes before the time loop: `stage`, then the input's projection x_t·kernel (+ bias)
  /// of every step into `pass.xProj`.
  func project(_ input: UnsafePointer<Float>, parameters: ParameterView, into pass: ForwardPass) {
    stage(input, into: pass)
    let width = Cell.gateCount * units
    let bias: UnsafePointer<Float>? = useBias ? parameters[2] : nil
    // Input projection of every step at once: [T·B, F] · [F, G·U] (+ input bias).
    GEMM.multiply(
      m: pass.steps * pass.batch, n: width, k: pass.features, pass.input, lda: pass.features, parameters[0], ldb: width,
      bias: bias, into: pass.xProj, ldc: width)
  }

  /// h_0 = c_0 = 0, and the input (`[B, T, F]`) time-major into `pass.input`.
  func stage(_ input: UnsafePointer<Float>, into pass: ForwardPass) {
    let (batch, steps, features) = (pass.batch, pass.steps, pass.features)
    let stateSize = batch * units
    pass.hidden.update(repeating: 0, count: stateSize)  // h_0
    if Cell.hasCellState { pass.cellState.update(repeating: 0, count: stateSize) }  // c_0
    for b in 0..<batch {
      for t in 0..<steps {
        let (from, to) = (input + (b * steps + t) * features, pass.input + (t * batch + b) * features)
        for f in 0..<features { to[f] = from[f] }
      }
    }
  }

  /// The forward time loop, one step after the other.
  private func forwardSteps(_ pass: ForwardPass, recurrentKernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?) {
    let (batch, steps) = (pass.batch, pass.steps)
    let u = units, width = Cell.gateCount * u, stateSize = batch * u
    let xProj = pass.xProj, r = pass.rProj.baseAddress!, h = pass.hidden, c = pass.cellState
    let recurrentBias = Cell.biasRows == 2 ? bias.map { $0 + width } : nil
    let parallelCells = stateSize * Cell.gateCount >= Self.parallelCellThreshold
    let prepared = GEMM.prepare(recurrentKernel, k: u, n: width, ldb: width, rows: batch, into: pass.packed)
    for t in 0..<steps {
      // Recurrent projection: h_{t-1} [B, U] · recurrent_kernel [U, G·U] (+ bias).
      if let recurrentBias {
        for b in 0..<batch { (r + b * width).update(from: recurrentBias, count: width) }
      }
      let now = pass.stateOffset(t, units: u), next = pass.stateOffset(t + 1, units: u)
      GEMM.multiply(m: batch, h + now, lda: u, prepared, into: r, ldc: width, accumulate: recurrentBias != nil)
      let (cNow, cNext) = Cell.hasCellState ? (now, next) : (0, 0)
      let cellTape = pass.cellTape + (pass.keepsTape ? t * stateSize * Cell.tapeWidth : 0)
      Parallel.halves(batch, parallel: parallelCells) { rows in
        let (row, state, gates) = (rows.lowerBound, rows.lowerBound * u, rows.lowerBound * width)
        cell.forwardStep(
          batch: rows.count, xProj: xProj + t * batch * width + gates, rProj: r + gates,
          hPrev: h + now + state, cPrev: c + cNow + (Cell.hasCellState ? state : 0),
          h: h + next + state, c: c + cNext + (Cell.hasCellState ? state : 0),
          tape: cellTape + row * u * Cell.tapeWidth)
      }
    }
  }

  /// Writes the layer's output from the hidden states of `pass` into `output`: `[B, T, U]` with
  /// `returnSequences`, else h_T (`[B, U]`).
  func write(_ pass: ForwardPass, into output: UnsafeMutablePointer<Float>) {
    let (batch, steps) = (pass.batch, pass.steps)
    let u = units, h = pass.hidden
    guard returnSequences else {
      output.update(from: h + pass.stateOffset(steps, units: u), count: batch * u)
      return
    }
    precondition(!pass.ring, "\(Cell.kerasName) returns every step, so its pass must keep every state")
    for t in 0..<steps {
      for b in 0..<batch {
        (output + (b * steps + t) * u).update(from: h + pass.stateOffset(t + 1, units: u) + b * u, count: u)
      }
    }
  }

  public func backward(
    _ outputGradient: Tensor, tape: any LayerTape, parameters: ParameterView,
    gradients: GradientView, needsInputGradient: Bool
  ) -> Tensor {
    let tape = tape as! Tape
    let (batch, steps, features) = (tape.batch, tape.steps, tape.features)
    let u = units, width = Cell.gateCount * u
    let outputShape = returnSequences ? [batch, steps, u] : [batch, u]
    precondition(outputGradient.shape == outputShape,
                 "\(Cell.kerasName)'s output gradient has shape \(outputGradient.shape), its output \(outputShape)")
    let specs = parameterSpecs(for: [steps, features])
    parameters.check(specs, layer: Cell.kerasName)
    gradients.check(specs, layer: Cell.kerasName)
    let dX = tape.dXProj.baseAddress!
    let dR = Cell.projectionsShareGradient ? dX : tape.dRProj.baseAddress!
    var inputGradient = Tensor(zeros: needsInputGradient ? [batch, steps, features] : [0])

    outputGradient.withUnsafeBufferPointer { dOut in
      if let sequence = tape.sequence {
        sequence.backward(
          recurrentKernel: parameters[1], hidden: tape.hidden.baseAddress!, cell: tape.cellState.baseAddress!,
          tape: tape.cellTape.baseAddress!, outputGradient: dOut.baseAddress!, returnSequences: returnSequences,
          dz: dX, dh: tape.dh.baseAddress!, dc: tape.dc.baseAddress!, recurrentGradient: gradients[1],
          rProj: tape.rProj, packed: tape.packed)
      } else {
        backwardSteps(tape, outputGradient: dOut.baseAddress!, recurrentKernel: parameters[1])
        // recurrent_kernel gradient [U, G·U] += [h_0 … h_{T-1}]ᵀ [U, T·B] · dRProj [T·B, G·U]
        GEMM.multiply(
          m: u, n: width, k: steps * batch, tape.hidden.baseAddress!, lda: u, op: .transposed,
          dR, ldb: width, into: gradients[1], ldc: width, accumulate: false)
      }
      inputKernelGradients(tape, gradients: gradients)
      if needsInputGradient {
        // ∂L/∂x [T·B, F] = dXProj [T·B, G·U] · kernelᵀ [G·U, F], then back to [B, T, F].
        var dxTM = AlignedFloats(repeating: 0, count: steps * batch * features)
        dxTM.withUnsafeMutableBufferPointer { dxTM in
          GEMM.multiply(
            m: steps * batch, n: features, k: width, dX, lda: width,
            parameters[0], ldb: width, opB: .transposed, into: dxTM.baseAddress!, ldc: features,
            accumulate: false)
          inputGradient.withUnsafeMutableBufferPointer { dx in
            for t in 0..<steps {
              for b in 0..<batch {
                (dx.baseAddress! + (b * steps + t) * features)
                  .update(from: dxTM.baseAddress! + (t * batch + b) * features, count: features)
              }
            }
          }
        }
      }
    }
    return inputGradient
  }

  /// The kernel's and the bias' gradients, from the input and dXProj (and dRProj) of `tape`; only
  /// the bias' when `kernelDone` (a fused training step made the kernel's).
  func inputKernelGradients(_ tape: Tape, gradients: GradientView, kernelDone: Bool = false) {
    let (rows, features, width) = (tape.steps * tape.batch, tape.features, Cell.gateCount * units)
    let dX = tape.dXProj.baseAddress!
    // kernel gradient [F, G·U] = xᵀ [F, T·B] · dXProj [T·B, G·U]
    if !kernelDone {
      GEMM.multiply(
        m: features, n: width, k: rows, tape.input.baseAddress!, lda: features, op: .transposed,
        dX, ldb: width, into: gradients[0], ldc: width, accumulate: false)
    }
    if useBias {
      columnSums(dX, rows: rows, columns: width, into: gradients[2])
      if Cell.biasRows == 2 {
        let dR = Cell.projectionsShareGradient ? dX : tape.dRProj.baseAddress!
        columnSums(dR, rows: rows, columns: width, into: gradients[2] + width)
      }
    }
  }

  /// The backward time loop, one step after the other: writes dXProj and dRProj of every step.
  private func backwardSteps(_ tape: Tape, outputGradient dOut: UnsafePointer<Float>, recurrentKernel: UnsafePointer<Float>) {
    let (batch, steps) = (tape.batch, tape.steps)
    let u = units, width = Cell.gateCount * u, stateSize = batch * u
    let h = tape.hidden.baseAddress!, c = tape.cellState.baseAddress!, cellTape = tape.cellTape.baseAddress!
    let dX = tape.dXProj.baseAddress!
    let dR = Cell.projectionsShareGradient ? dX : tape.dRProj.baseAddress!
    let parallelCells = stateSize * Cell.gateCount >= Self.parallelCellThreshold
    for buffer in [tape.dh, tape.dhPrev, tape.dc] { buffer.update(repeating: 0) }
    var dhNow = tape.dh.baseAddress!, dhNext = tape.dhPrev.baseAddress!
    let dcNow = tape.dc.baseAddress!
    GEMM.withPrepared(recurrentKernel, k: width, n: u, ldb: width, opB: .transposed, rows: batch) { recurrentKernelT in
      for t in (0..<steps).reversed() {
        // ∂L/∂h_t = what flows back from step t+1 + what the output at t receives.
        if returnSequences {
          for b in 0..<batch {
            let row = dOut + (b * steps + t) * u
            for j in 0..<u { dhNow[b * u + j] += row[j] }
          }
        } else if t == steps - 1 {
          dhNow.update(from: dOut, count: stateSize)
        }
        let cOffset = Cell.hasCellState ? t * stateSize : 0
        let (dhCurrent, dhPrevious) = (dhNow, dhNext)
        Parallel.halves(batch, parallel: parallelCells) { rows in
          let (row, state, gates) = (rows.lowerBound, rows.lowerBound * u, rows.lowerBound * width)
          cell.backwardStep(
            batch: rows.count, tape: cellTape + (t * batch + row) * u * Cell.tapeWidth,
            hPrev: h + t * stateSize + state, cPrev: c + cOffset + (Cell.hasCellState ? state : 0),
            h: h + (t + 1) * stateSize + state,
            dh: dhCurrent + state, dc: dcNow + state,
            dXProj: dX + t * batch * width + gates, dRProj: dR + t * batch * width + gates,
            dhPrev: dhPrevious + state)
        }
        // ∂L/∂h_{t-1} += dRProj_t [B, G·U] · recurrent_kernelᵀ [G·U, U]
        GEMM.multiply(m: batch, dR + t * batch * width, lda: width, recurrentKernelT, into: dhNext, ldc: u, accumulate: true)
        swap(&dhNow, &dhNext)
      }
    }
  }
}

/// A buffer of `count` zeros (at least one element) on a `KernelAlignment` boundary, for the
/// caller to deallocate.
func zeroedBuffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
  let buffer = UnsafeMutableBufferPointer<Float>.allocateAligned(capacity: max(count, 1))
  buffer.initialize(repeating: 0)
  return buffer
}

/// `sums[j] = Σ_r matrix[r, j]` for a row-major `[rows, columns]` matrix: a row of ones times the
/// matrix, so the vector kernel does it.
func columnSums(
  _ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>
) {
  withUnsafeTemporaryAllocation(of: Float.self, capacity: rows) { ones in
    ones.initialize(repeating: 1)
    GEMM.multiply(
      m: 1, n: columns, k: rows, ones.baseAddress!, lda: rows, matrix, ldb: columns,
      into: sums, ldc: columns, accumulate: false)
  }
}

// MARK: - Keras' names

/// Long short-term memory, Keras' `LSTM`.
public typealias LSTM = RecurrentLayer<LSTMCell>
/// Gated recurrent unit with `reset_after`, Keras' `GRU`.
public typealias GRU = RecurrentLayer<GRUCell>
/// Fully connected recurrent layer, Keras' `SimpleRNN`.
public typealias SimpleRNN = RecurrentLayer<SimpleRNNCell>

extension RecurrentLayer where Cell == LSTMCell {
  /// An LSTM layer with Keras' defaults: tanh, sigmoid gates, bias with `unit_forget_bias`.
  public init(
    units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
    useBias: Bool = true, returnSequences: Bool = false, unitForgetBias: Bool = true
  ) {
    self.init(
      cell: LSTMCell(units: units, activation: activation, recurrentActivation: recurrentActivation),
      useBias: useBias, returnSequences: returnSequences,
      biasInitializer: unitForgetBias ? .unitForgetBias : .zeros)
  }
}

extension RecurrentLayer where Cell == GRUCell {
  /// A GRU layer with Keras' defaults: tanh, sigmoid gates, `reset_after`.
  public init(
    units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
    useBias: Bool = true, returnSequences: Bool = false
  ) {
    self.init(
      cell: GRUCell(units: units, activation: activation, recurrentActivation: recurrentActivation),
      useBias: useBias, returnSequences: returnSequences)
  }
}

extension RecurrentLayer where Cell == SimpleRNNCell {
  /// A simple RNN layer with Keras' defaults (tanh).
  public init(
    units: Int, activation: Activation = .tanh, useBias: Bool = true,
    returnSequences: Bool = false
  ) {
    self.init(
      cell: SimpleRNNCell(units: units, activation: activation),
      useBias: useBias, returnSequences: returnSequences)
  }
}
