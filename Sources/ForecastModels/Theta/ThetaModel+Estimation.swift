/// A theta model fitted to a series: the model, its one-step errors, its criterion and its last
/// state (statsforecast's `thetamodel` result).
struct ThetaModelFit: Sendable {
  /// The model with its fitted (or given) parameters.
  var model: ThetaModel
  /// yₜ − μₜ for every observation.
  var errors: [Double]
  /// statsforecast's criterion `mse`; NaN when the recursion failed.
  var mse: Double
  /// The state after the last observation.
  var state: ThetaState
  /// What the optimiser did; nil when every parameter was given.
  var optimizer: NelderMead.Result?
}

extension ThetaModel {
  /// Fits a model of `kind` to `y` as statsforecast's `thetamodel` (normal errors): ℓ₀, α and
  /// (for the optimised kinds) θ minimise the criterion `mse` by `NelderMead` with statsforecast's
  /// settings — start (y₁/2, 0.5, 2), bounds [−10¹⁰, 10¹⁰] × [0.1, 0.99] × [1, 10¹⁰], initial step
  /// 5 %, adaptive coefficients, at most 1000 iterations, tolerance 10⁻⁴. With `fixed` parameters
  /// nothing is estimated (statsforecast's `forward_theta`). The standard kinds always use θ = 2.
  /// - Parameter y: at least four finite values.
  static func fit(_ kind: ThetaModelKind, to y: [Double], fixed: ThetaParameters? = nil) -> ThetaModelFit {
    precondition(y.count > 3, "A theta model needs at least four observations")
    var parameters = fixed ?? ThetaParameters(initialSmoothed: y[0] / 2, alpha: 0.5, theta: 2)
    if !kind.estimatesTheta { parameters.theta = 2 }
    var errors = [Double](repeating: 0, count: y.count)
    var optimizer: NelderMead.Result?
    if fixed == nil {
      let estimated = kind.estimatesTheta ? 3 : 2
      let start = Array([parameters.initialSmoothed, parameters.alpha, parameters.theta].prefix(estimated))
      let lower = Array([-1e10, 0.1, 1].prefix(estimated)), upper = Array([1e10, 0.99, 1e10].prefix(estimated))
      let result = y.withUnsafeBufferPointer { y in
        // statsforecast's `theta::optimize`.
        let optimizer = NelderMead(
          initialStep: 0.05, zeroPerturbation: 1e-4, reflection: 1, expansion: 2, contraction: 0.5, shrink: 0.5,
          maxIterations: 1_000, tolerance: 1e-4, adaptive: true)
        return optimizer.minimize(start: start, lower: lower, upper: upper) { x in
          let model = ThetaModel(kind: kind, parameters: Self.parameters(x, theta: parameters.theta))
          let mse = errors.withUnsafeMutableBufferPointer { model.filter(y, errors: $0).mse }
          // statsforecast's `target_fn` scores a failed recursion as −∞, the best value (its clamp
          // at −10¹⁰ never binds: the criterion is a sum of squares).
          return mse.isNaN ? -.infinity : mse
        }
      }
      parameters = Self.parameters(result.x, theta: parameters.theta)
      optimizer = result
    }
    let model = ThetaModel(kind: kind, parameters: parameters)
    let (mse, state) = y.withUnsafeBufferPointer { y in
      errors.withUnsafeMutableBufferPointer { model.filter(y, errors: $0) }
    }
    return ThetaModelFit(model: model, errors: errors, mse: mse, state: state, optimizer: optimizer)
  }

  /// ℓ₀, α and θ from the optimiser's point (ℓ₀, α) or (ℓ₀, α, θ).
  private static func parameters<Point: RandomAccessCollection<Double>>(_ x: Point, theta: Double) -> ThetaParameters
  where Point.Index == Int {
    ThetaParameters(initialSmoothed: x[0], alpha: x[1], theta: x.count > 2 ? x[2] : theta)
  }
}
