import ForecastKernels

/// A densely connected layer, `activation(x · kernel + bias)`, as Keras' `Dense`.
///
/// Acts on the last axis: input `[..., F]`, output `[..., units]`; kernel `[F, units]`,
/// bias `[units]`.
public struct Dense: Layer {
  /// The output width.
  public var units: Int
  /// The activation applied to the output (`linear` by default, as in Keras).
  public var activation: Activation
  /// Whether the layer adds a bias.
  public var useBias: Bool
  /// How the kernel starts (Keras' `kernel_initializer`, glorot-uniform by default); `.zeros`
  /// makes a layer whose first output is its bias.
  public var kernelInitializer: Initializer

  /// A dense layer with Keras' defaults (glorot-uniform kernel, zero bias).
  public init(units: Int, activation: Activation = .linear, useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform) {
    self.units = units
    self.activation = activation
    self.useBias = useBias
    self.kernelInitializer = kernelInitializer
  }

  public var configuration: LayerConfiguration {
    LayerConfiguration(type: "Dense", units: units, activation: activation, useBias: useBias)
  }

  public func outputShape(for inputShape: [Int]) throws(NNError) -> [Int] {
    guard (inputShape.last ?? 0) > 0 else {
      throw .invalidConfiguration("Dense needs an input with a feature axis, found \(inputShape).")
    }
    return inputShape.dropLast() + [units]
  }

  public func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec] {
    let features = inputShape.last ?? 0
    var specs = [ParameterSpec(name: "kernel", shape: [features, units], initializer: kernelInitializer)]
    if useBias { specs.append(ParameterSpec(name: "bias", shape: [units], initializer: .zeros)) }
    return specs
  }

  struct Tape: LayerTape {
    var input: Tensor
    var output: Tensor
  }

  // Shapes: x [M, F] (M = every leading axis flattened), kernel [F, U], y [M, U].
  public func forward(_ input: Tensor, parameters: ParameterView, recycling: (any LayerTape)?) -> (output: Tensor, tape: any LayerTape) {
    precondition(input.rank >= 2 && input.shape.last! > 0, "Dense needs [B, ..., F] input, got \(input.shape)")
    parameters.check(parameterSpecs(for: Array(input.shape.dropFirst())), layer: "Dense")
    let features = input.shape.last!
    var output = Tensor(zeros: input.shape.dropLast() + [units])
    input.withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in
        apply(x.baseAddress!, rows: input.count / features, features: features, parameters: parameters, into: y.baseAddress!)
      }
    }
    return (output, Tape(input: input, output: output))
  }

  /// y `[rows, units]` = activation(x `[rows, features]` · kernel + bias): the forward pass of
  /// training and of inference.
  func apply(
    _ x: UnsafePointer<Float>, rows: Int, features: Int, parameters: ParameterView, into y: UnsafeMutablePointer<Float>
  ) {
    if useBias {
      for r in 0..<rows { (y + r * units).update(from: parameters[1], count: units) }
    }
    GEMM.multiply(
      m: rows, n: units, k: features, x, lda: features,
      parameters[0], ldb: units, into: y, ldc: units, accumulate: useBias)
    activation.apply(y, count: rows * units)
  }

  public func backward(
    _ outputGradient: Tensor, tape: any LayerTape, parameters: ParameterView,
    gradients: GradientView, needsInputGradient: Bool
  ) -> Tensor {
    let tape = tape as! Tape
    precondition(outputGradient.shape == tape.output.shape,
                 "Dense's output gradient has shape \(outputGradient.shape), its output \(tape.output.shape)")
    let specs = parameterSpecs(for: Array(tape.input.shape.dropFirst()))
    parameters.check(specs, layer: "Dense")
    gradients.check(specs, layer: "Dense")
    let features = tape.input.shape.last!
    let rows = tape.input.count / features
    var dz = outputGradient
    var inputGradient = Tensor(zeros: needsInputGradient ? tape.input.shape : [0])
    dz.withUnsafeMutableBufferPointer { dz in
      tape.output.withUnsafeBufferPointer { y in
        if activation != .linear {
          for i in 0..<dz.count { dz[i] *= activation.derivative(output: y[i]) }
        }
      }
      tape.input.withUnsafeBufferPointer { x in
        parameterGradients(x.baseAddress!, rows: rows, features: features, dz: dz.baseAddress!, gradients: gradients)
      }
      // dx [M, F] = dz [M, U] · kernelᵀ [U, F]
      if needsInputGradient {
        inputGradient.withUnsafeMutableBufferPointer { dx in
          GEMM.multiply(
            m: rows, n: features, k: units, dz.baseAddress!, lda: units,
            parameters[0], ldb: units, opB: .transposed, into: dx.baseAddress!, ldc: features,
            accumulate: false)
        }
      }
    }
    return inputGradient
  }

  /// The kernel's and the bias' gradients from the input `x` (`[rows, features]`) and
  /// ∂L/∂(pre-activation) `dz` (`[rows, units]`).
  func parameterGradients(
    _ x: UnsafePointer<Float>, rows: Int, features: Int, dz: UnsafePointer<Float>, gradients: GradientView
  ) {
    // dKernel [F, U] += xᵀ [F, M] · dz [M, U]
    GEMM.multiply(
      m: features, n: units, k: rows, x, lda: features, op: .transposed,
      dz, ldb: units, into: gradients[0], ldc: units, accumulate: false)
    if useBias {
      columnSums(dz, rows: rows, columns: units, into: gradients[1])
    }
  }
}
