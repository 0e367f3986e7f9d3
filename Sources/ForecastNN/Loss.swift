import ForecastKernels

/// A regression loss, averaged over every element as Keras' `"sum_over_batch_size"`
/// reduction does when every sample has the same shape.
public enum Loss: Sendable, Equatable, Codable {
  /// Mean of (ŷ − y)²: Keras' `"mse"`.
  case meanSquaredError
  /// Mean of |ŷ − y|: Keras' `"mae"`.
  case meanAbsoluteError
  /// Mean of ½e² where |e| ≤ δ, δ(|e| − ½δ) beyond (Huber, 1964): Keras' `Huber(delta)`.
  case huber(delta: Float)

  /// Keras' name of the loss.
  public var name: String {
    switch self {
    case .meanSquaredError: "mean_squared_error"
    case .meanAbsoluteError: "mean_absolute_error"
    case .huber: "huber"
    }
  }

  /// The loss of `predictions` against `targets` (same element count).
  public func value(predictions: Tensor, targets: Tensor) -> Float {
    precondition(predictions.count == targets.count, "Loss needs predictions and targets of one size")
    var sum = 0.0
    for (p, t) in zip(predictions.scalars, targets.scalars) { sum += Double(pointLoss(p - t)) }
    return Float(sum / Double(max(predictions.count, 1)))
  }

  /// ∂loss/∂predictions, shaped like `predictions`.
  public func gradient(predictions: Tensor, targets: Tensor) -> Tensor {
    precondition(predictions.count == targets.count, "Loss needs predictions and targets of one size")
    let n = Float(max(predictions.count, 1))
    var out = predictions
    for i in 0..<out.count { out[scalarAt: i] = pointDerivative(predictions[scalarAt: i] - targets[scalarAt: i]) / n }
    return out
  }

  private func pointLoss(_ e: Float) -> Float {
    switch self {
    case .meanSquaredError: return e * e
    case .meanAbsoluteError: return abs(e)
    case .huber(let delta): return abs(e) <= delta ? 0.5 * e * e : delta * (abs(e) - 0.5 * delta)
    }
  }

  private func pointDerivative(_ e: Float) -> Float {
    switch self {
    case .meanSquaredError: return 2 * e
    // TensorFlow's |x| has gradient sign(x), which is 0 at 0.
    case .meanAbsoluteError: return e > 0 ? 1 : (e < 0 ? -1 : 0)
    case .huber(let delta): return abs(e) <= delta ? e : (e > 0 ? delta : -delta)
    }
  }
}

extension Loss {
  /// The loss as the kernels' `fk_loss` codes it.
  var kernelCode: Int32 {
    switch self {
    case .meanSquaredError: 0
    case .meanAbsoluteError: 1
    case .huber: 2
    }
  }

  /// Huber's δ, or 0 for the other losses.
  var huberDelta: Float {
    if case .huber(let delta) = self { return delta }
    return 0
  }
}
