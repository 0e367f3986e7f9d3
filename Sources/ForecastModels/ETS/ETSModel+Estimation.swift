import Foundation

extension ETSModel {
  /// The optimiser statsforecast's `etsmodel` runs: adaptive Nelder–Mead, at most 1000
  /// iterations, stopping when the simplex' values spread less than 1e-4.
  static let optimizer = NelderMead(maxIterations: 1_000, tolerance: 1e-4, adaptive: true)

  /// The number of forecast steps whose in-sample mean squared errors `amse` averages
  /// (statsforecast's default `nmse`).
  static let amseHorizon = 3

  /// Fits one ETS model by maximum likelihood, as statsforecast's `etsmodel` (R forecast's
  /// `etsmodel`): starting parameters from `initialParameters`, starting states from
  /// `initialState`, then smoothing parameters and initial states together by Nelder–Mead on
  /// −2 log L within `bounds` (narrowed in place as statsforecast narrows them).
  ///
  /// - Parameters:
  ///   - m: the seasonal period (ignored without a season).
  ///   - fixedAlpha: α held at this value instead of estimated (the constant series' model).
  /// - Returns: the fitted model, or nil when it has as many parameters as observations less
  ///   one (statsforecast's infinite information criteria).
  /// - Throws: `ModelError.unsuitableSeries` when the starting parameters are not admissible or
  ///   the starting states cannot be computed.
  static func estimate(
    _ y: [Double], m: Int, _ specification: ETSSpecification, bounds: inout ETSBounds, fixedAlpha: Double? = nil
  ) throws(ModelError) -> ETSModel? {
    let m = specification.season == .none ? 1 : m
    let start = initialParameters(specification, m: m, alpha: fixedAlpha, bounds: &bounds)
    guard parametersAcceptable(alpha: start.alpha, beta: start.beta, gamma: start.gamma, phi: start.phi, bounds: bounds, m: m) else {
      throw .unsuitableSeries("The starting parameters of \(specification) are out of range for season length \(m).")
    }
    let states = try initialState(y, m: m, specification)
    // The vector optimised: α, β, γ, φ where the model has them, then the initial states.
    let smoothing = [start.alpha, start.beta, start.gamma, start.phi]
    var x0: [Double] = [], lower: [Double] = [], upper: [Double] = []
    for (i, value) in smoothing.enumerated() {
      guard let value else { continue }
      x0.append(value)
      lower.append(bounds.lower[i])
      upper.append(bounds.upper[i])
    }
    let smoothingCount = x0.count
    x0 += states
    lower += [Double](repeating: -.infinity, count: states.count)
    upper += [Double](repeating: .infinity, count: states.count)
    guard x0.count < y.count - 1 else { return nil }

    let base = ETSRecursions(
      error: specification.error, trend: specification.trend, season: specification.season, m: m,
      alpha: start.alpha, beta: 0, gamma: 0, phi: 1)
    let objective = LikelihoodObjective(
      base: base, estimatesAlpha: fixedAlpha == nil, estimatesBeta: start.beta != nil,
      estimatesGamma: start.gamma != nil, estimatesPhi: start.phi != nil, stateCount: states.count)
    let result = y.withUnsafeBufferPointer { y in
      var evaluation = objective.evaluation()
      return optimizer.minimize(start: x0, lower: lower, upper: upper) { x in
        objective.value(x, y, &evaluation)
      }
    }

    // The fitted initial states, with the last seasonal term that makes them sum to 0 (or m).
    var initial = Array(result.x.suffix(states.count))
    if specification.season != .none {
      let first = specification.trend != .none ? 2 : 1
      let sum = initial.withUnsafeBufferPointer { ReferenceOrder.numpySum($0, first..<$0.count) }
      initial.append((specification.season == .multiplicative ? Double(m) : 0) - sum)
    }
    var k = 1
    func next() -> Double { defer { k += 1 }; return result.x[k] }
    let alpha = result.x[0]
    let beta = start.beta == nil ? nil : next()
    let gamma = start.gamma == nil ? nil : next()
    let phi = start.phi == nil ? nil : next()
    precondition(k == smoothingCount, "one estimate per smoothing parameter")
    return filtered(
      y, specification: specification, m: m, alpha: alpha, beta: beta, gamma: gamma, phi: phi,
      initialState: initial, parameterCount: x0.count + 1)
  }

  /// The model with the given parameters and initial states run over `y` (statsforecast's
  /// `pegelsresid_C` and the statistics `etsmodel` derives from it), with `parameterCount`
  /// parameters. As statsforecast's forward pass does, `sigma2` leaves out infinite errors when
  /// `skippingInfiniteErrors`, and a fitted value never divides by zero (an error of −1 counts
  /// as −0.999).
  static func filtered(
    _ y: [Double], specification: ETSSpecification, m: Int, alpha: Double, beta: Double?, gamma: Double?, phi: Double?,
    initialState: [Double], parameterCount k: Int, skippingInfiniteErrors: Bool = false
  ) -> ETSModel {
    let recursions = ETSRecursions(
      error: specification.error, trend: specification.trend, season: specification.season, m: m,
      alpha: alpha, beta: beta ?? 0, gamma: gamma ?? 0, phi: phi ?? 1)
    let n = y.count, p = recursions.stateCount
    var errors = [Double](repeating: .nan, count: n)
    var states = [Double](repeating: .nan, count: p * (n + 1))
    var amse = [Double](repeating: .nan, count: amseHorizon)
    var workspace = ETSRecursions.Workspace(m: m)
    var likelihood = y.withUnsafeBufferPointer { y in
      initialState.withUnsafeBufferPointer { initial in
        errors.withUnsafeMutableBufferPointer { errors in
          states.withUnsafeMutableBufferPointer { states in
            amse.withUnsafeMutableBufferPointer { amse in
              recursions.filter(y, initialState: initial, workspace: &workspace, errors: errors, states: states, amse: amse)
            }
          }
        }
      }
    }
    if (likelihood - ETSRecursions.missing).magnitude < 1e-7 { likelihood = .nan }
    let fitted = zip(y, errors).map { y, e in
      specification.error == .additive ? y - e : y / (1 + (e == -1 ? -1 + 1e-3 : e))
    }
    let squares = errors.map { $0 * $0 }.filter { !skippingInfiniteErrors || !$0.isInfinite }
    let sumSquares = squares.withUnsafeBufferPointer { ReferenceOrder.numpySum($0, 0..<$0.count) }
    let aic = likelihood + 2 * Double(k)
    let denominator = Double(n - k - 1)
    return ETSModel(
      specification: specification, seasonLength: m, alpha: alpha, beta: beta, gamma: gamma, phi: phi,
      initialState: initialState, finalState: Array(states.suffix(p)), fitted: fitted, residuals: errors,
      logLikelihood: -0.5 * likelihood, aic: aic,
      aicc: denominator != 0 ? aic + 2 * Double(k) * Double(k + 1) / denominator : .infinity,
      bic: likelihood + log(Double(n)) * Double(k), sigma2: sumSquares / denominator,
      mse: amse[0], amse: (amse[0] + amse[1] + amse[2]) / 3, parameterCount: k)
  }
}

/// statsforecast's `ObjectiveFunction` with opt_crit "lik": −2 log L (up to a constant) of the
/// smoothing parameters and initial states in a Nelder–Mead point; +∞ where a multiplicative
/// season would start negative, −∞ where the filter fails (as statsforecast has it).
struct LikelihoodObjective {
  /// The recursions, with the parameters that are not estimated.
  var base: ETSRecursions
  /// Which smoothing parameters lead the point, in the order α, β, γ, φ.
  var estimatesAlpha: Bool, estimatesBeta: Bool, estimatesGamma: Bool, estimatesPhi: Bool
  /// The number of initial states at the end of the point (the last seasonal term excluded).
  var stateCount: Int

  /// Scratch for one evaluation.
  struct Evaluation {
    var state: [Double]
    var workspace: ETSRecursions.Workspace
  }

  /// Scratch for one model's evaluations.
  func evaluation() -> Evaluation {
    Evaluation(state: [Double](repeating: 0, count: stateCount + 1), workspace: ETSRecursions.Workspace(m: base.m))
  }

  /// The objective at point `x` for observations `y`.
  func value(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, _ evaluation: inout Evaluation) -> Double {
    var recursions = base
    var j = 0
    if estimatesAlpha { recursions.alpha = x[j]; j += 1 }
    if estimatesBeta { recursions.beta = x[j]; j += 1 }
    if estimatesGamma { recursions.gamma = x[j]; j += 1 }
    if estimatesPhi { recursions.phi = x[j]; j += 1 }
    let stateCount = stateCount
    let season = base.season, hasTrend = base.trend != .none, m = base.m
    return evaluation.state.withUnsafeMutableBufferPointer { state in
      for i in 0..<stateCount { state[i] = x[x.count - stateCount + i] }
      if season != .none {
        let first = hasTrend ? 2 : 1
        let sum = ReferenceOrder.eigenSum(stateCount - first, unalignedStart: first % 2 == 1) { state[first + $0] }
        state[stateCount] = (season == .multiplicative ? Double(m) : 0) - sum
        if season == .multiplicative && state[first...stateCount].contains(where: { $0 < 0 }) { return .infinity }
      }
      var likelihood = recursions.filter(y, initialState: UnsafeBufferPointer(state), workspace: &evaluation.workspace)
      // std::max(lik, -1e10) keeps a NaN.
      if likelihood < -1e10 { likelihood = -1e10 }
      if likelihood.isNaN || (likelihood + 99999.0).magnitude < 1e-7 { return -.infinity }
      return likelihood
    }
  }
}
