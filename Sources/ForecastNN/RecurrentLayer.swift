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
/// backward) run per step.
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

  /// The forward pass kept for BPTT, all time-major.
  struct Tape: LayerTape {
    var batch: Int
    var steps: Int
    var features: Int
    /// The input, `[T, B, F]`.
    var input: [Float]
    /// h_0 … h_T, `[T+1, B, U]` (h_0 = 0).
    var hidden: [Float]
    /// c_0 … c_T for cells with a cell state, else empty.
    var cellState: [Float]
    /// The cell's per-step tape, `[T, B, tapeWidth·U]`.
    var cellTape: [Float]
  }

  public func forward(_ input: Tensor, parameters: ParameterView) -> (output: Tensor, tape: any LayerTape) {
    precondition(input.rank == 3, "\(Cell.kerasName) needs [B, T, F] input, got \(input.shape)")
    let (batch, steps, features) = (input.shape[0], input.shape[1], input.shape[2])
    let u = units, width = Cell.gateCount * u, stateSize = batch * u
    let kernel = parameters[0], recurrentKernel = parameters[1]
    let bias: UnsafePointer<Float>? = useBias ? parameters[2] : nil

    var xTM = [Float](repeating: 0, count: input.count)
    var xProj = [Float](repeating: 0, count: steps * batch * width)
    var rProj = [Float](repeating: 0, count: batch * width)
    var hidden = [Float](repeating: 0, count: (steps + 1) * stateSize)
    var cellState = [Float](repeating: 0, count: Cell.hasCellState ? (steps + 1) * stateSize : 0)
    var cellTape = [Float](repeating: 0, count: steps * stateSize * Cell.tapeWidth)

    input.scalars.withUnsafeBufferPointer { x in
      xTM.withUnsafeMutableBufferPointer { xTM in
        // [B, T, F] → [T, B, F]
        for b in 0..<batch {
          for t in 0..<steps {
            (xTM.baseAddress! + (t * batch + b) * features)
              .update(from: x.baseAddress! + (b * steps + t) * features, count: features)
          }
        }
        xProj.withUnsafeMutableBufferPointer { xProj in
          // Input projection of every step at once: [T·B, F] · [F, G·U] (+ input bias).
          if let bias {
            for row in 0..<steps * batch { (xProj.baseAddress! + row * width).update(from: bias, count: width) }
          }
          GEMM.multiply(
            m: steps * batch, n: width, k: features, xTM.baseAddress!, lda: features,
            kernel, ldb: width, into: xProj.baseAddress!, ldc: width, accumulate: bias != nil)
          hidden.withUnsafeMutableBufferPointer { h in
            cellState.withUnsafeMutableBufferPointer { c in
              cellTape.withUnsafeMutableBufferPointer { tape in
                rProj.withUnsafeMutableBufferPointer { rProj in
                  let h = h.baseAddress!, r = rProj.baseAddress!
                  let c = c.baseAddress ?? h
                  let tapeBase = tape.baseAddress ?? h
                  let recurrentBias = Cell.biasRows == 2 ? bias.map { $0 + width } : nil
                  for t in 0..<steps {
                    // Recurrent projection: h_{t-1} [B, U] · recurrent_kernel [U, G·U] (+ bias).
                    if let recurrentBias {
                      for b in 0..<batch { (r + b * width).update(from: recurrentBias, count: width) }
                    }
                    GEMM.multiply(
                      m: batch, n: width, k: u, h + t * stateSize, lda: u,
                      recurrentKernel, ldb: width, into: r, ldc: width,
                      accumulate: recurrentBias != nil)
                    let stateOffset = Cell.hasCellState ? t * stateSize : 0
                    cell.forwardStep(
                      batch: batch, xProj: xProj.baseAddress! + t * batch * width, rProj: r,
                      hPrev: h + t * stateSize, cPrev: c + stateOffset,
                      h: h + (t + 1) * stateSize,
                      c: c + (Cell.hasCellState ? stateOffset + stateSize : 0),
                      tape: tapeBase + t * stateSize * Cell.tapeWidth)
                  }
                }
              }
            }
          }
        }
      }
    }

    var output: Tensor
    if returnSequences {
      output = Tensor(zeros: [batch, steps, u])
      output.scalars.withUnsafeMutableBufferPointer { out in
        hidden.withUnsafeBufferPointer { h in
          for t in 0..<steps {
            for b in 0..<batch {
              (out.baseAddress! + (b * steps + t) * u)
                .update(from: h.baseAddress! + (t + 1) * stateSize + b * u, count: u)
            }
          }
        }
      }
    } else {
      output = Tensor(shape: [batch, u], scalars: Array(hidden[steps * stateSize..<(steps + 1) * stateSize]))
    }
    let tape = Tape(
      batch: batch, steps: steps, features: features, input: xTM, hidden: hidden,
      cellState: cellState, cellTape: cellTape)
    return (output, tape)
  }

  public func backward(
    _ outputGradient: Tensor, tape: any LayerTape, parameters: ParameterView,
    gradients: GradientView, needsInputGradient: Bool
  ) -> Tensor {
    let tape = tape as! Tape
    let (batch, steps, features) = (tape.batch, tape.steps, tape.features)
    let u = units, width = Cell.gateCount * u, stateSize = batch * u
    var dXProj = [Float](repeating: 0, count: steps * batch * width)
    var dRProj = [Float](repeating: 0, count: steps * batch * width)
    var dh = [Float](repeating: 0, count: stateSize)
    var dhPrev = [Float](repeating: 0, count: stateSize)
    var dc = [Float](repeating: 0, count: stateSize)
    var inputGradient = Tensor(zeros: needsInputGradient ? [batch, steps, features] : [0])

    tape.hidden.withUnsafeBufferPointer { hBuffer in
    tape.cellState.withUnsafeBufferPointer { cBuffer in
    tape.cellTape.withUnsafeBufferPointer { tapeBuffer in
    dXProj.withUnsafeMutableBufferPointer { dXBuffer in
    dRProj.withUnsafeMutableBufferPointer { dRBuffer in
    dh.withUnsafeMutableBufferPointer { dhBuffer in
    dhPrev.withUnsafeMutableBufferPointer { dhPrevBuffer in
    dc.withUnsafeMutableBufferPointer { dcBuffer in
    outputGradient.scalars.withUnsafeBufferPointer { dOut in
      let h = hBuffer.baseAddress!, dX = dXBuffer.baseAddress!, dR = dRBuffer.baseAddress!
      let c = cBuffer.baseAddress ?? h, cellTape = tapeBuffer.baseAddress ?? h
      var dhNow = dhBuffer.baseAddress!, dhNext = dhPrevBuffer.baseAddress!

      for t in (0..<steps).reversed() {
        // ∂L/∂h_t = what flows back from step t+1 + what the output at t receives.
        if returnSequences {
          for b in 0..<batch {
            let row = dOut.baseAddress! + (b * steps + t) * u
            for j in 0..<u { dhNow[b * u + j] += row[j] }
          }
        } else if t == steps - 1 {
          dhNow.update(from: dOut.baseAddress!, count: stateSize)
        }
        let stateOffset = Cell.hasCellState ? t * stateSize : 0
        cell.backwardStep(
          batch: batch, tape: cellTape + t * stateSize * Cell.tapeWidth,
          hPrev: h + t * stateSize, cPrev: c + stateOffset, h: h + (t + 1) * stateSize,
          dh: dhNow, dc: dcBuffer.baseAddress!,
          dXProj: dX + t * batch * width, dRProj: dR + t * batch * width, dhPrev: dhNext)
        // ∂L/∂h_{t-1} += dRProj_t [B, G·U] · recurrent_kernelᵀ [G·U, U]
        GEMM.multiply(
          m: batch, n: u, k: width, dR + t * batch * width, lda: width,
          parameters[1], ldb: width, opB: .transposed, into: dhNext, ldc: u, accumulate: true)
        swap(&dhNow, &dhNext)
      }

      // recurrent_kernel gradient [U, G·U] += [h_0 … h_{T-1}]ᵀ [U, T·B] · dRProj [T·B, G·U]
      GEMM.multiply(
        m: u, n: width, k: steps * batch, h, lda: u, op: .transposed,
        dR, ldb: width, into: gradients[1], ldc: width, accumulate: true)
      // kernel gradient [F, G·U] += xᵀ [F, T·B] · dXProj [T·B, G·U]
      tape.input.withUnsafeBufferPointer { x in
        GEMM.multiply(
          m: features, n: width, k: steps * batch, x.baseAddress!, lda: features, op: .transposed,
          dX, ldb: width, into: gradients[0], ldc: width, accumulate: true)
      }
      if useBias {
        addColumnSums(dX, rows: steps * batch, columns: width, into: gradients[2])
        if Cell.biasRows == 2 {
          addColumnSums(dR, rows: steps * batch, columns: width, into: gradients[2] + width)
        }
      }
      if needsInputGradient {
        // ∂L/∂x [T·B, F] = dXProj [T·B, G·U] · kernelᵀ [G·U, F], then back to [B, T, F].
        var dxTM = [Float](repeating: 0, count: steps * batch * features)
        dxTM.withUnsafeMutableBufferPointer { dxTM in
          GEMM.multiply(
            m: steps * batch, n: features, k: width, dX, lda: width,
            parameters[0], ldb: width, opB: .transposed, into: dxTM.baseAddress!, ldc: features,
            accumulate: false)
          inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
            for t in 0..<steps {
              for b in 0..<batch {
                (dx.baseAddress! + (b * steps + t) * features)
                  .update(from: dxTM.baseAddress! + (t * batch + b) * features, count: features)
              }
            }
          }
        }
      }
    }}}}}}}}}
    return inputGradient
  }
}

/// `sums[j] += Σ_r matrix[r, j]` for a row-major `[rows, columns]` matrix.
@inline(__always)
func addColumnSums(
  _ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>
) {
  for r in 0..<rows {
    let row = matrix + r * columns
    for j in 0..<columns { sums[j] += row[j] }
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
