import Foundation

/// A theta model of one kind with its parameters: the state-space recursion of statsforecast's
/// `src/theta.cpp` (`init_state`, `calc`, `forecast`), after Fiorucci et al. (2016).
struct ThetaModel: Sendable, Equatable {
  /// Which of the four models.
  var kind: ThetaModelKind
  /// ℓ₀, α and θ.
  var parameters: ThetaParameters

  /// The state after the first observation, as statsforecast's `init_state`: for the static
  /// models the trend line is the least-squares line through the whole series, and μ₁ the level
  /// ℓ₀ plus (1 − 1/θ) of the line's value at t = 1; the dynamic models start the line flat at y₁.
  func initialState(_ y: UnsafeBufferPointer<Double>) -> ThetaState {
    let alpha = parameters.alpha, level = parameters.initialSmoothed
    let intercept: Double, slope: Double, mu: Double
    if kind.isDynamic {
      intercept = y[0]
      slope = 0
      mu = y[0]
    } else {
      let n = Double(y.count)
      let mean = ReferenceOrder.eigenSum(y.count) { y[$0] } / n
      let weightedMean = ReferenceOrder.eigenSum(y.count) { y[$0] * Double($0 + 1) } / n
      slope = (6 * (2 * weightedMean - (n + 1) * mean)) / (n * n - 1)
      intercept = mean - (n + 1) * slope / 2
      mu = level + (1 - 1 / parameters.theta) * (intercept + slope)
    }
    return ThetaState(level: alpha * y[0] + (1 - alpha) * level, meanY: y[0], intercept: intercept, slope: slope, mu: mu)
  }

  /// Runs the model over `y` (at least four values), writing the one-step errors yₜ − μₜ into
  /// `errors`; returns statsforecast's criterion `mse` — the sum of the squared errors after the
  /// first three, divided by the mean of |y| (at least 10⁻¹⁰) — and the state after the last
  /// observation. The criterion is NaN where statsforecast's `calc` gives up (a one-step forecast
  /// equal to its missing-value code −99999) or the recursion overflows.
  func filter(_ y: UnsafeBufferPointer<Double>, errors: UnsafeMutableBufferPointer<Double>) -> (mse: Double, state: ThetaState) {
    precondition(y.count > 3 && errors.count == y.count, "The theta recursion needs four values or more and one error slot per value")
    let dynamic = kind.isDynamic, alpha = parameters.alpha, theta = parameters.theta
    var state = initialState(y)
    errors[0] = y[0] - state.mu
    for i in 1..<y.count {
      state = state.advanced(to: i, observation: y[i], dynamic: dynamic, alpha: alpha, theta: theta)
      if abs(state.mu - Self.missingValue) < 1e-10 { return (.nan, state) }
      errors[i] = y[i] - state.mu
    }
    let meanAbsolute = max(ReferenceOrder.eigenSum(y.count) { abs(y[$0]) } / Double(y.count), 1e-10)
    let squares = ReferenceOrder.eigenSum(y.count - 3) { errors[$0 + 3] * errors[$0 + 3] }
    return (squares / meanAbsolute, state)
  }

  /// The `horizon` forecasts after `state`, the state after observation `count` (counted from 1),
  /// as statsforecast's `forecast`: each step's μ, fed back as if observed.
  func forecast(from state: ThetaState, count: Int, horizon: Int) -> [Double] {
    var state = state
    return (0..<horizon).map { step in
      state = state.advanced(to: count + step, observation: nil, dynamic: kind.isDynamic,
                             alpha: parameters.alpha, theta: parameters.theta)
      return state.mu
    }
  }

  /// statsforecast's code for a failed forecast (`NA` in `theta.cpp`).
  static let missingValue = -99999.0
}
