import ForecastKernels
import Foundation

/// A first-order optimiser: one update of the flat parameter buffer from the flat gradient.
///
/// Only the update rule lives here; gradient clipping and the step counter are the model's,
/// written once for every optimiser (`Sequential.applyGradients`).
public protocol Optimizer: Sendable {
  /// Keras' name (`adam`, `sgd`, `rmsprop`).
  var name: String { get }
  /// The step size.
  var learningRate: Float { get set }
  /// Updates `parameters` in place. `step` counts updates from 1. Slot variables (moments) are
  /// created at the first call, sized like `parameters`.
  mutating func update(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>, step: Int)
}

/// Adam (Kingma & Ba, 2015) with Keras 3's defaults and its form of bias correction:
/// α_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); m += (g − m)(1−β₁); v += (g² − v)(1−β₂); θ −= α_t·m/(√v + ε).
public struct Adam: Optimizer {
  public let name = "adam"
  public var learningRate: Float
  /// Decay of the first moment (0.9).
  public var beta1: Float
  /// Decay of the second moment (0.999).
  public var beta2: Float
  /// Added to √v; Keras' 1e-7 (not the paper's 1e-8).
  public var epsilon: Float
  private var m = AlignedFloats()
  private var v = AlignedFloats()

  /// Adam with Keras' defaults: learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.
  public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  public mutating func update(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>, step: Int
  ) {
    let (beta1, beta2, epsilon) = (beta1, beta2, epsilon)
    withMoments(count: parameters.count, step: step) { m, v, alpha in
      UpdateKernels.adam(
        parameters: parameters, gradients: gradients, m: m, v: v,
        alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }
  }

  /// Calls `body` with the moments of `count` parameters (created, zero, at the first call) and
  /// the bias-corrected step α_t of update `step`: for `update` and for a fused training step
  /// that applies Adam itself (`LSTMDenseTraining`, `Sequential.fit`'s).
  mutating func withMoments<Result>(
    count: Int, step: Int,
    _ body: (_ m: UnsafeMutableBufferPointer<Float>, _ v: UnsafeMutableBufferPointer<Float>, _ alpha: Float) -> Result
  ) -> Result {
    if m.count != count {
      m = AlignedFloats(repeating: 0, count: count)
      v = AlignedFloats(repeating: 0, count: count)
    }
    let alpha = learningRate * (1 - pow(beta2, Float(step))).squareRoot() / (1 - pow(beta1, Float(step)))
    return m.withUnsafeMutableBufferPointer { m in
      v.withUnsafeMutableBufferPointer { v in body(m, v, alpha) }
    }
  }
}

/// Stochastic gradient descent with optional (Nesterov) momentum, as Keras' `SGD`:
/// u = μ·u − lr·g; θ += u (Nesterov: θ += μ·u − lr·g).
public struct SGD: Optimizer {
  public let name = "sgd"
  public var learningRate: Float
  /// Momentum μ (0 = plain SGD).
  public var momentum: Float
  /// Whether to use Nesterov momentum.
  public var nesterov: Bool
  private var velocity: [Float] = []

  /// SGD with Keras' defaults: learning rate 0.01, no momentum.
  public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
  }

  public mutating func update(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>, step: Int
  ) {
    guard momentum != 0 else {
      for i in 0..<parameters.count { parameters[i] -= gradients[i] * learningRate }
      return
    }
    if velocity.count != parameters.count { velocity = [Float](repeating: 0, count: parameters.count) }
    let (lr, mu, nesterov) = (learningRate, momentum, nesterov)
    velocity.withUnsafeMutableBufferPointer { u in
      for i in 0..<parameters.count {
        u[i] = u[i] * mu - gradients[i] * lr
        parameters[i] += nesterov ? u[i] * mu - gradients[i] * lr : u[i]
      }
    }
  }
}

/// RMSprop (Tieleman & Hinton, 2012) as Keras' `RMSprop` without momentum or centering:
/// s = ρ·s + (1−ρ)·g²; θ −= lr·g/√(s + ε).
public struct RMSprop: Optimizer {
  public let name = "rmsprop"
  public var learningRate: Float
  /// Decay of the squared-gradient average (0.9).
  public var rho: Float
  /// Added inside the square root (1e-7).
  public var epsilon: Float
  private var velocity: [Float] = []

  /// RMSprop with Keras' defaults: learning rate 0.001, ρ 0.9, ε 1e-7.
  public init(learningRate: Float = 0.001, rho: Float = 0.9, epsilon: Float = 1e-7) {
    self.learningRate = learningRate
    self.rho = rho
    self.epsilon = epsilon
  }

  public mutating func update(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>, step: Int
  ) {
    if velocity.count != parameters.count { velocity = [Float](repeating: 0, count: parameters.count) }
    let (lr, rho, eps) = (learningRate, rho, epsilon)
    velocity.withUnsafeMutableBufferPointer { s in
      for i in 0..<parameters.count {
        let g = gradients[i]
        s[i] = rho * s[i] + (1 - rho) * (g * g)
        parameters[i] -= (lr * g) / (s[i] + eps).squareRoot()
      }
    }
  }
}
