import ForecastKernels

/// A linear stack of layers with its parameters in one flat buffer, as Keras' `Sequential`.
///
/// Output shapes are inferred from the input shape when the model is built; parameters are
/// initialised from an explicit seed, so the same seed gives the same weights, bit for bit.
/// Shapes exclude the batch axis: `inputShape` is `[T, F]` for a recurrent first layer.
public struct Sequential: Sendable {
  /// The per-sample input shape.
  public let inputShape: [Int]
  /// The layers, first to last.
  public let layers: [any Layer]
  /// The per-sample output shape of each layer.
  public let outputShapes: [[Int]]
  /// Each layer's parameters, in Keras' order.
  public let parameterSpecs: [[ParameterSpec]]
  /// Where each layer's parameters start in `parameters`.
  let parameterOffsets: [[Int]]
  /// Every parameter of every layer, concatenated in layer order (a copy; setting it replaces
  /// them all).
  public internal(set) var parameters: [Float] {
    get { parameterBuffer.array }
    set { parameterBuffer = AlignedFloats(newValue) }
  }
  /// The parameters where the kernels read and update them (`KernelAlignment`).
  var parameterBuffer: AlignedFloats

  /// The loss `fit` and `evaluate` use (set by `compile`).
  public internal(set) var loss: Loss = .meanSquaredError
  /// The optimiser `fit` uses (set by `compile`).
  public internal(set) var optimizer: any Optimizer = Adam()
  /// Gradients are scaled down so their global L2 norm is at most this (Keras' `global_clipnorm`).
  public internal(set) var globalClipNorm: Float?
  /// The number of optimiser updates applied so far.
  public internal(set) var iterations = 0

  /// Builds the model for `inputShape` and initialises its parameters from `seed`.
  /// - Throws: `NNError.invalidConfiguration` when a layer cannot take the shape before it.
  public init(inputShape: [Int], layers: [any Layer], seed: UInt64 = 0) throws(NNError) {
    let layout = try Layout(inputShape: inputShape, layers: layers)
    var generator = SeededGenerator(seed: seed)
    let parameters = layout.specs.flatMap { $0 }.flatMap { $0.initializer.values(shape: $0.shape, using: &generator) }
    self.init(inputShape: inputShape, layers: layers, layout: layout, parameters: parameters)
  }

  /// Builds the model with `parameters` (as `parameters` lays them out) instead of drawing them:
  /// how a saved model is read, without the cost of initialising weights it then overwrites.
  init(inputShape: [Int], layers: [any Layer], layout: Layout, parameters: [Float]) {
    precondition(parameters.count == layout.parameterCount, "One value per parameter is needed")
    self.inputShape = inputShape
    self.layers = layers
    outputShapes = layout.shapes
    parameterSpecs = layout.specs
    parameterOffsets = layout.offsets
    parameterBuffer = AlignedFloats(parameters)
  }

  /// The shapes and parameters of a stack of layers, computed before anything is allocated: a
  /// model file's sizes are checked against this before its weights are read.
  struct Layout {
    /// The per-sample output shape of each layer.
    var shapes: [[Int]] = []
    /// Each layer's parameters.
    var specs: [[ParameterSpec]] = []
    /// Where each parameter starts in the flat buffer.
    var offsets: [[Int]] = []
    /// The number of parameters in all.
    var parameterCount = 0

    /// The layout of `layers` on `inputShape`.
    /// - Throws: `NNError.invalidConfiguration` when a layer cannot take the shape before it, or
    ///   when the parameters would not fit in memory's address space.
    init(inputShape: [Int], layers: [any Layer]) throws(NNError) {
      guard !layers.isEmpty else { throw .invalidConfiguration("A Sequential model needs at least one layer.") }
      var shape = inputShape
      for layer in layers {
        let input = shape
        let layerSpecs = layer.parameterSpecs(for: input)
        shape = try layer.outputShape(for: input)
        shapes.append(shape)
        specs.append(layerSpecs)
        var layerOffsets: [Int] = []
        for spec in layerSpecs {
          guard let count = spec.checkedCount, case let (total, overflow) = parameterCount.addingReportingOverflow(count),
                !overflow, total <= Self.maximumParameters
          else {
            throw .invalidConfiguration(
              "The model would have more than \(Self.maximumParameters) parameters (\(layer.configuration.type) with \(layer.configuration.units) units on input \(NNError.shape(input))); use fewer units.")
          }
          layerOffsets.append(parameterCount)
          parameterCount = total
        }
        offsets.append(layerOffsets)
      }
    }

    /// The most parameters a model may have: 2³¹ floats (8 GiB), beyond any forecasting network
    /// and a bound on what a model file can make this library allocate.
    static let maximumParameters = 1 << 31
  }

  /// Chooses the optimiser and loss for `fit`, as Keras' `compile`.
  public mutating func compile(optimizer: any Optimizer = Adam(), loss: Loss = .meanSquaredError, globalClipNorm: Float? = nil) {
    self.optimizer = optimizer
    self.loss = loss
    self.globalClipNorm = globalClipNorm
    iterations = 0
  }

  /// The total number of parameters (all trainable).
  public var parameterCount: Int { parameterBuffer.count }

  /// The per-sample output shape of the model.
  public var outputShape: [Int] { outputShapes.last! }

  // MARK: Weights

  /// The weights of layer `index` as tensors, in Keras' order (kernel, recurrent kernel, bias).
  public func weights(ofLayer index: Int) -> [Tensor] {
    zip(parameterSpecs[index], parameterOffsets[index]).map { spec, offset in
      Tensor(shape: spec.shape, scalars: parameterBuffer.withUnsafeBufferPointer { Array($0[offset..<offset + spec.count]) })
    }
  }

  /// Replaces the weights of layer `index`; shapes must be the layer's (`parameterSpecs`).
  public mutating func setWeights(_ weights: [Tensor], ofLayer index: Int) throws(NNError) {
    let specs = parameterSpecs[index]
    guard weights.count == specs.count else {
      throw .invalidConfiguration("Layer \(index) has \(specs.count) weights, received \(weights.count).")
    }
    for (spec, (offset, weight)) in zip(specs, zip(parameterOffsets[index], weights)) {
      guard weight.shape == spec.shape else {
        throw .invalidConfiguration(
          "Layer \(index) \(spec.name) has shape \(NNError.shape(spec.shape)), received \(NNError.shape(weight.shape)).")
      }
      parameterBuffer.withUnsafeMutableBufferPointer { p in
        _ = UnsafeMutableBufferPointer(rebasing: p[offset..<offset + spec.count]).update(fromContentsOf: weight.scalars)
      }
    }
  }

  // MARK: Inference

  /// The model's output for `input` (`[B] + inputShape`), computed `batchSize` samples at a time
  /// by training's forward pass. A `Predictor` computes the same values without allocating per
  /// call: use one for many calls, as a recursive forecast makes.
  /// - Throws: `NNError.inputShapeMismatch` or `.emptyInput`.
  public func predict(_ input: Tensor, batchSize: Int = Predictor.defaultBatchSize) throws(NNError) -> Tensor {
    try checkInput(input)
    let samples = input.shape[0]
    var scalars: [Float] = []
    scalars.reserveCapacity(samples * outputShape.reduce(1, *))
    let batchSize = min(max(batchSize, 1), samples)
    for start in stride(from: 0, to: samples, by: batchSize) {
      let batch = input.slice(outer: start..<min(start + batchSize, samples))
      scalars += forward(batch).output.scalars
    }
    return Tensor(shape: [samples] + outputShape, scalars: scalars)
  }

  func checkInput(_ input: Tensor) throws(NNError) { try Self.checkInput(input, shape: inputShape) }

  /// Throws unless `input` is a non-empty batch of samples of `shape`.
  static func checkInput(_ input: Tensor, shape: [Int]) throws(NNError) {
    guard input.rank == shape.count + 1, Array(input.shape.dropFirst()) == shape else {
      throw .inputShapeMismatch(expected: shape, found: input.shape)
    }
    guard input.shape[0] > 0 else { throw .emptyInput("The input batch") }
  }

  // MARK: Forward and backward

  /// The forward pass through every layer, keeping each layer's tape; `recycling` are tapes of
  /// an earlier batch whose buffers may be reused.
  func forward(_ input: Tensor, recycling: [any LayerTape]? = nil) -> (output: Tensor, tapes: [any LayerTape]) {
    var x = input
    var tapes: [any LayerTape] = []
    tapes.reserveCapacity(layers.count)
    parameterBuffer.withUnsafeBufferPointer { p in
      for (index, layer) in layers.enumerated() {
        let view = ParameterView(buffers: parameterRanges(ofLayer: index).map { UnsafeBufferPointer(rebasing: p[$0]) })
        let (y, tape) = layer.forward(x, parameters: view, recycling: recycling?[index])
        tapes.append(tape)
        x = y
      }
    }
    return (x, tapes)
  }

  /// Where layer `index`'s parameters (and gradients) sit in `parameters`.
  func parameterRanges(ofLayer index: Int) -> [Range<Int>] {
    zip(parameterSpecs[index], parameterOffsets[index]).map { spec, offset in offset..<offset + spec.count }
  }

  /// The loss on one batch and the gradient of every parameter, flat like `parameters`.
  public func lossAndGradients(_ input: Tensor, _ targets: Tensor) throws(NNError) -> (loss: Float, gradients: [Float]) {
    var tapes: [any LayerTape]? = nil
    var gradients = AlignedFloats()
    let loss = try lossAndGradients(input, targets, tapes: &tapes, gradients: &gradients)
    return (loss, gradients.array)
  }

  /// The loss on one batch, its gradients written into `gradients` (resized here; every layer
  /// overwrites its part, so one buffer serves every batch), reusing the buffers of `tapes` from
  /// the previous batch and leaving this batch's tapes there for the next one.
  func lossAndGradients(
    _ input: Tensor, _ targets: Tensor, tapes recycled: inout [any LayerTape]?, gradients: inout AlignedFloats
  ) throws(NNError) -> Float {
    try checkInput(input)
    try checkTargets(targets, samples: input.shape[0])
    let old = recycled
    recycled = nil
    let (output, tapes) = forward(input, recycling: old)
    defer { recycled = tapes }
    let lossValue = loss.value(predictions: output, targets: targets)
    if gradients.count != parameterCount {
      gradients = AlignedFloats(repeating: 0, count: parameterCount)
    }
    var upstream = loss.gradient(predictions: output, targets: targets)
    parameterBuffer.withUnsafeBufferPointer { p in
      gradients.withUnsafeMutableBufferPointer { g in
        for index in layers.indices.reversed() {
          upstream = layers[index].backward(
            upstream, tape: tapes[index],
            parameters: ParameterView(buffers: parameterRanges(ofLayer: index).map { UnsafeBufferPointer(rebasing: p[$0]) }),
            gradients: GradientView(buffers: parameterRanges(ofLayer: index).map { UnsafeMutableBufferPointer(rebasing: g[$0]) }),
            needsInputGradient: index > 0)
        }
      }
    }
    return lossValue
  }

  func checkTargets(_ targets: Tensor, samples: Int) throws(NNError) {
    guard targets.shape == [samples] + outputShape else {
      throw .targetMismatch(
        "Targets have shape \(NNError.shape(targets.shape)), but the model's output for "
          + "\(samples) samples has shape \(NNError.shape([samples] + outputShape)).")
    }
  }

  /// Clips `gradients` by global norm, counts the step and lets the optimiser update the
  /// parameters — the one place every optimiser's step goes through.
  public mutating func applyGradients(_ gradients: [Float]) { applyGradients(AlignedFloats(gradients)) }

  /// `applyGradients` for gradients already in an aligned buffer (`fit`'s, which the layers'
  /// backward passes write).
  mutating func applyGradients(_ gradients: AlignedFloats) {
    precondition(gradients.count == parameterCount, "One gradient per parameter is needed")
    var gradients = gradients
    if let clip = globalClipNorm {
      // Only copies the buffer when it has to scale it.
      let norm = gradients.withUnsafeBufferPointer { g in Float(g.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) }
      if norm > clip { gradients.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] *= clip / norm } } }
    }
    iterations += 1
    let step = iterations
    // Take the buffer out of `self` so the optimiser (also in `self`) can update it in place.
    var updated = AlignedFloats()
    swap(&updated, &parameterBuffer)
    gradients.withUnsafeBufferPointer { g in
      updated.withUnsafeMutableBufferPointer { p in optimizer.update(parameters: p, gradients: g, step: step) }
    }
    swap(&updated, &parameterBuffer)
  }
}
