import ForecastKernels

extension RecurrentLayer {
  /// The layer's forward pass for inference: the same time loop as training's (`forward` into a
  /// `ForwardPass`), into buffers allocated once for the largest batch. It keeps no tape (the
  /// fused LSTM loop writes none; the other cells overwrite one step's) and, unless the layer
  /// returns sequences, only the last two steps' h and c. Shapes as the layer's: B rows, T steps,
  /// F features, U units, G gate blocks.
  final class Inference: LayerInference {
    let layer: RecurrentLayer
    /// The largest batch B, and the T and F of every input.
    let batchSize: Int, steps: Int, features: Int
    /// `[T, B, F]`, `[T, B, G·U]`, the scratch of the recurrent products.
    let input: UnsafeMutableBufferPointer<Float>, xProj: UnsafeMutableBufferPointer<Float>
    let rProj: UnsafeMutableBufferPointer<Float>, packed: UnsafeMutableBufferPointer<Float>
    /// h and c: `[2, B, U]`, or `[T+1, B, U]` when the layer returns sequences.
    let hidden: UnsafeMutableBufferPointer<Float>, cellState: UnsafeMutableBufferPointer<Float>
    /// One step's cell tape, `[B, tapeWidth·U]`.
    let cellTape: UnsafeMutableBufferPointer<Float>

    /// The fused LSTM loop may run on two threads (as in training) only for batches of at least
    /// this many rows: 4 with the AVX2 kernels, 1 otherwise. With AVX2, a step of a few rows (a
    /// forecast's one window) takes about 2 µs, so the hand-off per step decides: LSTM(100) over
    /// 12 steps, one window, took 26 µs on one thread, and on two 24 µs while the other core was
    /// idle but 37–39 µs while another process used it, which the load check (`Parallel.halves`)
    /// does not see below a load of three on two cores. One thread is steady at little cost. The
    /// portable kernels, three times slower, gain from two threads (80 µs against 64 µs). Measured
    /// with `forecast bench --predict`, one thread against FORECAST_PARALLEL=always.
    let parallelRows: Int

    init(layer: RecurrentLayer, batchSize: Int, steps: Int, features: Int) {
      (self.layer, self.batchSize, self.steps, self.features) = (layer, batchSize, steps, features)
      parallelRows = GEMM.runsAVX2 ? 4 : 1
      let u = layer.units, width = Cell.gateCount * u
      // Each batch size has its own fused loop (how it sums and packs); the scratch fits them all.
      let sequences = (1...batchSize).compactMap { layer.fusedSequence(batch: $0, steps: steps) }
      let slots = layer.returnSequences ? steps + 1 : 2
      input = zeroedBuffer(steps * batchSize * features)
      xProj = zeroedBuffer(steps * batchSize * width)
      rProj = zeroedBuffer(max(batchSize * width, sequences.map(\.rProjCount).max() ?? 0))
      packed = zeroedBuffer(
        sequences.map(\.packedCount).max() ?? (1...batchSize).map { GEMM.preparedCount(k: u, n: width, rows: $0) }.max()!)
      hidden = zeroedBuffer(slots * batchSize * u)
      cellState = zeroedBuffer(Cell.hasCellState ? slots * batchSize * u : 1)
      cellTape = zeroedBuffer(batchSize * u * Cell.tapeWidth)
    }

    deinit {
      for buffer in [input, xProj, rProj, packed, hidden, cellState, cellTape] { buffer.deallocate() }
    }

    func predict(_ input: UnsafePointer<Float>, batch: Int, parameters: ParameterView, into output: UnsafeMutablePointer<Float>) {
      precondition(batch >= 1 && batch <= batchSize, "\(Cell.kerasName): a batch of \(batch) in an inference for at most \(batchSize)")
      let pass = RecurrentLayer.ForwardPass(
        batch: batch, steps: steps, features: features, input: self.input.baseAddress!, xProj: xProj.baseAddress!,
        rProj: rProj, packed: packed, hidden: hidden.baseAddress!, cellState: cellState.baseAddress!, ring: !layer.returnSequences,
        cellTape: cellTape.baseAddress!, keepsTape: false,
        sequence: layer.fusedSequence(batch: batch, steps: steps, parallel: batch >= parallelRows))
      layer.forward(input, parameters: parameters, into: pass)
      layer.write(pass, into: output)
    }
  }

  public func inference(batchSize: Int, inputShape: [Int]) -> any LayerInference {
    precondition(batchSize >= 1 && inputShape.count == 2, "\(Cell.kerasName) needs a batch size and a [T, F] input, got \(batchSize), \(inputShape)")
    return Inference(layer: self, batchSize: batchSize, steps: inputShape[0], features: inputShape[1])
  }
}
