import ForecastKernels

/// A model's forward pass for inference, made once and run many times: what a recursive forecast
/// calls once per step.
///
/// `Sequential.predict` runs training's forward pass, which allocates every layer's tape and
/// output per call. A predictor copies the model's parameters and allocates, when it is made,
/// every buffer a batch of up to `batchSize` samples needs; `predict(_:into:)` then allocates
/// nothing and keeps no tape (a recurrent layer keeps h and c only). Its outputs are the values
/// `model.predict(input, batchSize: batchSize)` returns, bit for bit: the same products, summed
/// in the same order, over batches of the same sizes.
///
/// A predictor's buffers are its own state, so it serves one thread at a time; make one per
/// thread. Later changes to the model do not reach a predictor made before them.
public final class Predictor {
  /// `Sequential.predict`'s batch size unless told otherwise, and a predictor's.
  public static let defaultBatchSize = 32

  /// The most samples one pass takes; larger inputs go through in batches of this many.
  public let batchSize: Int
  /// The per-sample input shape (the model's `inputShape`).
  public let inputShape: [Int]
  /// The per-sample output shape (the model's `outputShape`).
  public let outputShape: [Int]
  /// Scalars per sample of the input and of the output.
  private let inputCount: Int, outputCount: Int
  /// A copy of the model's parameters, and each layer's view of it.
  private let parameters: UnsafeMutableBufferPointer<Float>
  private let views: [ParameterView]
  private let layers: [any LayerInference]
  /// Each layer's output for a batch but the last layer's, which goes to the caller's buffer.
  private let activations: [UnsafeMutableBufferPointer<Float>]

  /// A predictor for `model` on batches of up to `batchSize` samples.
  /// - Parameters:
  ///   - model: the model, whose parameters the predictor copies.
  ///   - batchSize: the most samples per pass, `Sequential.predict`'s default unless given; a
  ///     predictor for fewer samples than that allocates less and computes the same.
  /// - Precondition: `batchSize` is at least 1.
  public init(_ model: Sequential, batchSize: Int = defaultBatchSize) {
    precondition(batchSize >= 1, "A predictor needs a batch size of at least 1, got \(batchSize)")
    self.batchSize = batchSize
    inputShape = model.inputShape
    outputShape = model.outputShape
    inputCount = inputShape.reduce(1, *)
    outputCount = outputShape.reduce(1, *)
    let parameters = UnsafeMutableBufferPointer<Float>.allocateAligned(capacity: model.parameterCount)
    model.parameterBuffer.withUnsafeBufferPointer { _ = parameters.initialize(from: $0) }
    self.parameters = parameters
    let shapes = [model.inputShape] + model.outputShapes
    views = model.layers.indices.map { index in
      let view = ParameterView(buffers: model.parameterRanges(ofLayer: index).map { UnsafeBufferPointer(rebasing: parameters[$0]) })
      view.check(model.layers[index].parameterSpecs(for: shapes[index]), layer: model.layers[index].configuration.type)
      return view
    }
    layers = model.layers.indices.map { model.layers[$0].inference(batchSize: batchSize, inputShape: shapes[$0]) }
    activations = model.outputShapes.dropLast().map { zeroedBuffer(batchSize * $0.reduce(1, *)) }
  }

  deinit {
    parameters.deallocate()
    for buffer in activations { buffer.deallocate() }
  }

  /// Writes the model's output for the samples in `input` into `output`, `batchSize` samples at
  /// a time, allocating nothing.
  /// - Parameters:
  ///   - input: `[N] + inputShape`, row-major, N ≥ 1.
  ///   - output: room for exactly `[N] + outputShape`.
  /// - Precondition: the counts fit whole samples of both shapes.
  public func predict(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) {
    let samples = input.count / inputCount
    precondition(
      samples >= 1 && input.count == samples * inputCount && output.count == samples * outputCount,
      "A predictor for \(inputShape) → \(outputShape) needs whole samples in and room for them out, got \(input.count) and \(output.count) scalars")
    for start in stride(from: 0, to: samples, by: batchSize) {
      let batch = min(batchSize, samples - start)
      var x = UnsafePointer(input.baseAddress! + start * inputCount)
      // By index: an enumerated sequence of existentials allocates per element in debug builds.
      for index in layers.indices {
        let y = index < activations.count ? activations[index].baseAddress! : output.baseAddress! + start * outputCount
        layers[index].predict(x, batch: batch, parameters: views[index], into: y)
        x = UnsafePointer(y)
      }
    }
  }

  /// The model's output for `input` (`[N] + inputShape`), as `Sequential.predict` returns it.
  /// Allocates the output; `predict(_:into:)` does not.
  /// - Throws: `NNError.inputShapeMismatch` or `.emptyInput`.
  public func predict(_ input: Tensor) throws(NNError) -> Tensor {
    try Sequential.checkInput(input, shape: inputShape)
    var output = Tensor(zeros: [input.shape[0]] + outputShape)
    input.withUnsafeBufferPointer { x in output.withUnsafeMutableBufferPointer { y in predict(x, into: y) } }
    return output
  }
}
