import ForecastKernels

/// One trainable parameter of a layer: its Keras name, shape and initialiser.
public struct ParameterSpec: Sendable, Equatable {
  /// Keras' weight name: `kernel`, `recurrent_kernel` or `bias`.
  public var name: String
  /// The shape, exactly Keras' (`[F, 4U]` for an LSTM kernel, …).
  public var shape: [Int]
  /// How the parameter starts.
  public var initializer: Initializer

  /// The number of scalars.
  public var count: Int { shape.reduce(1, *) }

  /// The number of scalars, or nil when a negative extent or an overflow makes it meaningless.
  var checkedCount: Int? {
    var count = 1
    for extent in shape {
      guard extent >= 0, case let (product, overflow) = count.multipliedReportingOverflow(by: extent), !overflow else { return nil }
      count = product
    }
    return count
  }
}

/// Where a layer's parameters sit inside the model's flat buffer, read-only.
///
/// Made by `Sequential` (or a `Predictor`) for its layers; valid only inside the call that
/// received it.
public struct ParameterView {
  /// Each parameter's elements, in the order of the layer's `parameterSpecs`.
  let buffers: [UnsafeBufferPointer<Float>]

  /// The start of the parameter at position `index`.
  public subscript(index: Int) -> UnsafePointer<Float> { buffers[index].baseAddress! }

  /// Stops the program unless the view holds exactly the parameters `specs` describe: the check
  /// a layer makes before its kernels read through the pointers.
  func check(_ specs: [ParameterSpec], layer: String) {
    precondition(
      buffers.map(\.count) == specs.map(\.count),
      "\(layer) needs parameters of \(specs.map(\.count)) scalars, got \(buffers.map(\.count))")
  }
}

/// Where a layer's gradients sit inside the model's flat gradient buffer; backward writes them.
///
/// Made by `Sequential` for its layers; valid only inside the call that received it.
public struct GradientView {
  /// Each gradient's elements, in the order of the layer's `parameterSpecs`.
  let buffers: [UnsafeMutableBufferPointer<Float>]

  /// The start of the gradient at position `index`.
  public subscript(index: Int) -> UnsafeMutablePointer<Float> { buffers[index].baseAddress! }

  /// Stops the program unless the view holds exactly the gradients `specs` describe.
  func check(_ specs: [ParameterSpec], layer: String) {
    precondition(
      buffers.map(\.count) == specs.map(\.count),
      "\(layer) needs gradients of \(specs.map(\.count)) scalars, got \(buffers.map(\.count))")
  }
}

/// What a layer's forward pass keeps for its backward pass.
public protocol LayerTape: Sendable {}

/// A layer's forward pass for inference, made once by `Layer.inference(batchSize:inputShape:)`
/// with every buffer it needs: it keeps no tape and allocates nothing per call. A `Predictor`
/// runs one per layer.
public protocol LayerInference {
  /// Writes the layer's output for `batch` samples into `output`: the values `Layer.forward`
  /// computes for the same batch, bit for bit.
  /// - Parameters:
  ///   - input: `[batch] + inputShape`, row-major.
  ///   - batch: the number of samples, from 1 to the batch size the inference was made for.
  ///   - parameters: the layer's parameters, as `Sequential` lays them out (checked when the
  ///     inference was made, not per call).
  ///   - output: room for `[batch] + outputShape(for: inputShape)`.
  func predict(_ input: UnsafePointer<Float>, batch: Int, parameters: ParameterView, into output: UnsafeMutablePointer<Float>)
}

extension Layer {
  /// The output for a batch, with a fresh tape.
  public func forward(_ input: Tensor, parameters: ParameterView) -> (output: Tensor, tape: any LayerTape) {
    forward(input, parameters: parameters, recycling: nil)
  }
}

/// A layer of a `Sequential` model: a forward pass and its hand-written backward pass.
///
/// Shapes exclude the batch axis: a recurrent layer takes `[T, F]`, a dense layer `[..., F]`.
public protocol Layer: Sendable {
  /// The layer's settings as stored in `model.json`.
  var configuration: LayerConfiguration { get }

  /// The per-sample output shape for a per-sample input shape, or an error naming the problem.
  func outputShape(for inputShape: [Int]) throws(NNError) -> [Int]

  /// The parameters this layer has for a per-sample input shape, in Keras' order.
  func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec]

  /// The output for a batch, and the tape the backward pass needs. A tape from an earlier
  /// batch that is no longer needed may be passed as `recycling`, so its buffers are reused
  /// instead of allocated anew (training calls forward thousands of times).
  func forward(_ input: Tensor, parameters: ParameterView, recycling: (any LayerTape)?) -> (output: Tensor, tape: any LayerTape)

  /// The forward pass for inference on batches of at most `batchSize` samples of `inputShape`
  /// (a shape this layer takes), with its buffers allocated here, once.
  func inference(batchSize: Int, inputShape: [Int]) -> any LayerInference

  /// Writes the gradient of every parameter into `gradients` (overwriting whatever is there) and
  /// returns the gradient of the input (or an empty tensor when `needsInputGradient` is false,
  /// as for the first layer).
  func backward(
    _ outputGradient: Tensor, tape: any LayerTape, parameters: ParameterView,
    gradients: GradientView, needsInputGradient: Bool
  ) -> Tensor
}
