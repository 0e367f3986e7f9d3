import Foundation
import _CForecastKernels

/// An elementwise activation, named as in Keras (`"relu"`, `"tanh"`, …).
///
/// Every derivative here is computed from the activation's *output*, so the backward pass needs
/// only the stored outputs, never the pre-activations.
public enum Activation: String, Sendable, Codable, CaseIterable {
  /// `x`
  case linear
  /// `max(x, 0)`; NaN stays NaN.
  case relu
  /// `tanh(x)`
  case tanh
  /// `1 / (1 + e^-x)`
  case sigmoid
  /// Keras 3's `relu6(x + 3) / 6`.
  case hardSigmoid = "hard_sigmoid"

  /// The activation of one value.
  @inlinable
  public func callAsFunction(_ x: Float) -> Float {
    switch self {
    case .linear: return x
    case .relu: return x < 0 ? 0 : x
    case .tanh: return Foundation.tanh(x)
    case .sigmoid: return 1 / (1 + Foundation.exp(-x))
    case .hardSigmoid: return Swift.min(Swift.max(x + 3, 0), 6) / 6
    }
  }

  /// The derivative at the point whose activation is `y`.
  @inlinable
  public func derivative(output y: Float) -> Float {
    switch self {
    case .linear: return 1
    case .relu: return y > 0 ? 1 : 0
    case .tanh: return 1 - y * y
    case .sigmoid: return y * (1 - y)
    case .hardSigmoid: return y > 0 && y < 1 ? 1.0 / 6 : 0
    }
  }

  /// Applies the activation in place to `count` values with the vectorised kernel (its plain
  /// twin is `callAsFunction`). Package API: the pointer's extent is the caller's to check.
  package func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
    precondition(count >= 0, "Activation.apply: negative count \(count)")
    fk_activate(kernelCode, values, count)
  }

  /// The code of `fk_activation` in the C kernels.
  package var kernelCode: Int32 { Int32(bitPattern: kernelEnumValue) }

  private var kernelEnumValue: UInt32 {
    switch self {
    case .linear: FK_LINEAR.rawValue
    case .relu: FK_RELU.rawValue
    case .tanh: FK_TANH.rawValue
    case .sigmoid: FK_SIGMOID.rawValue
    case .hardSigmoid: FK_HARD_SIGMOID.rawValue
    }
  }
}
