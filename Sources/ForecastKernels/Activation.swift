import Foundation
import _CForecastKernels

/// An elementwise activation, named as in Keras (`"relu"`, `"tanh"`, …).
///
/// Every derivative here is computed from the activation's *output*, so the backward pass needs
/// only the stored outputs, never the pre-activations.
///
/// ## Accuracy
///
/// The layers apply activations with vectorised kernels. Their worst errors, in units in the
/// last place of the exact value, measured over every float in the range given (against
/// double-precision `tanh` and `exp`; `scripts/activation-ulp.c` for the AVX2 kernels), are:
///
/// | activation | AVX2+FMA kernels | portable kernels (libm) | range |
/// | --- | --- | --- | --- |
/// | `tanh` | 1.36 ulp | 2.19 ulp | \|x\| ≤ 20; beyond, exactly ±1 |
/// | `sigmoid` | 3.19 ulp | 2.48 ulp | x ≥ −87; below, results under 1.2e-38 |
/// | `hardSigmoid` | 1 ulp | 1 ulp | every float |
/// | `relu`, `linear` | exact | exact | every float |
///
/// The vectorised `tanh` follows Cephes' `tanhf`: an odd polynomial below |x| = 0.625, so it is
/// exact at 0 and for subnormals and within an ulp at 1e-8, 1e-4 and 0.01, and
/// 1 − 2/(e^{2|x|} + 1) above. The AVX2 kernels divide (no hardware reciprocal estimate, which
/// differs between Intel's and AMD's processors), so they give the same bits on every x86-64
/// processor with AVX2 and FMA; the last `count mod 8` values of a buffer go through the C
/// library's `tanhf` and `expf` (the portable column). Below x = −87.3, the vectorised sigmoid's
/// results are subnormal and its exponent is clamped at −88.4 (an absolute error under 1.2e-38).
/// NaN gives NaN for every activation, on every kernel. The tests (`ActivationTests`) check these
/// bounds on a sweep of every 2¹¹-th float, with both kernels in CI.
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
