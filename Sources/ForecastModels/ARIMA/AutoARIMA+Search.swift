import Foundation

extension AutoARIMA {
  /// A model tried by the search and its criterion (infinite when it failed or was rejected).
  private struct Candidate {
    var model: ARIMAModel?
    var criterion: Double
  }

  /// One model of the search's table of models tried (statsforecast's `results`, whose criterion
  /// is kept beside it).
  private struct Tried: Equatable {
    var p, d, q, seasonalP, seasonalD, seasonalQ: Int
    var constant: Bool
  }

  /// The model the Hyndman–Khandakar algorithm chooses for `x` with seasonal period `period`,
  /// and notes on what was decided without a search — statsforecast's `auto_arima_f` with
  /// `stepwise=True`: differences by the KPSS and seasonal-strength tests, then a stepwise search
  /// over `p, q, P, Q` and the constant from `(2,d,2)(1,D,1)`, each model fitted by CSS-ML and
  /// compared by `criterion` — or, with `approximation`, fitted by CSS and compared by an
  /// approximate criterion, the best refitted by CSS-ML at the end.
  /// - Throws: `ModelError.unsuitableSeries` when no model can be fitted.
  func search(_ x: [Double], period seriesPeriod: Int) throws(ModelError) -> (model: ARIMAModel, notes: [String]) {
    let n = x.count
    let m = seasonal ? max(seriesPeriod, 1) : 1
    if ARIMADifferencing.isConstant(x) {
      let spec = ARIMASpecification(order: .none, seasonal: .none, period: m)
      let estimate = try ARIMAEstimation.fit(x, spec, regressor: allowMean ? .intercept : .none, method: .css,
                                             fixed: allowMean ? [x.reduce(0, +) / Double(n)] : [])
      return (ARIMAModel(estimate, values: x, method: .css),
              ["The series is constant, so its forecasts repeat its value with no uncertainty."])
    }
    var maxP = min(self.maxP, n / 3), maxQ = min(self.maxQ, n / 3)
    var maxSeasonalP = min(self.maxSeasonalP, n / 3 / m), maxSeasonalQ = min(self.maxSeasonalQ, n / 3 / m)
    let criterion = n <= 3 ? ARIMACriterion.aic : self.criterion

    // Differences.
    var d = stationary ? 0 : self.d
    var seasonalD = stationary ? 0 : self.seasonalD
    if m == 1 {
      seasonalD = 0
      maxSeasonalP = 0
      maxSeasonalQ = 0
    } else if seasonalD == nil && n <= 2 * m {
      seasonalD = 0
    } else if seasonalD == nil {
      var chosen = ARIMADifferencing.seasonalDifferences(x, period: m, maxD: maxSeasonalD)
      if chosen > 0 && Self.difference(x, lag: m, times: chosen).isEmpty { chosen -= 1 }
      seasonalD = chosen
    }
    let D = seasonalD ?? 0
    var dx = D > 0 ? Self.difference(x, lag: m, times: D) : x
    if d == nil {
      var chosen = ARIMADifferencing.firstDifferences(dx, maxD: self.maxD)
      if chosen > 0 && Self.difference(dx, lag: 1, times: chosen).isEmpty { chosen -= 1 }
      d = chosen
    }
    let differences = d ?? 0
    if differences > 0 { dx = Self.difference(dx, lag: 1, times: differences) }
    guard !dx.isEmpty else {
      throw .unsuitableSeries("After \(differences) differences and \(D) seasonal differences of period \(m) nothing is left of the \(n) observations; use a longer series or fewer differences.")
    }
    if ARIMADifferencing.isConstant(dx) {
      return try constantDifferenceModel(x, dx: dx, d: differences, seasonalD: D, period: m)
    }
    if m > 1 {
      if maxP > 0 { maxP = min(maxP, m - 1) }
      if maxQ > 0 { maxQ = min(maxQ, m - 1) }
    }

    // The stepwise search.
    let allowDrift = self.allowDrift && differences + D == 1
    let allowMean = self.allowMean && differences + D == 0
    var constant = allowDrift || allowMean
    var startP = self.startP, startQ = self.startQ, startSeasonalP = self.startSeasonalP, startSeasonalQ = self.startSeasonalQ
    if n < 10 {
      startP = min(startP, 1)
      startQ = min(startQ, 1)
      startSeasonalP = 0
      startSeasonalQ = 0
    }
    var p = min(startP, maxP), q = min(startQ, maxQ)
    var P = min(startSeasonalP, maxSeasonalP), Q = min(startSeasonalQ, maxSeasonalQ)
    var tried: [(model: Tried, criterion: Double)] = []
    let approximate = approximation ?? (n > 150 || seriesPeriod > 12)
    let offset = approximate ? Self.approximationOffset(x, d: differences, seasonalD: D, period: m) : 0

    func tryModel(_ p: Int, _ q: Int, _ P: Int, _ Q: Int, constant: Bool) -> Candidate {
      let fitted = candidate(x, order: ARIMAOrder(p, differences, q), seasonalOrder: ARIMAOrder(P, D, Q), period: m,
                             constant: constant, criterion: criterion, approximationOffset: approximate ? offset : nil)
      tried.append((Tried(p: p, d: differences, q: q, seasonalP: P, seasonalD: D, seasonalQ: Q, constant: constant), fitted.criterion))
      return fitted
    }
    func isNew(_ p: Int, _ q: Int, _ P: Int, _ Q: Int, constant: Bool) -> Bool {
      let model = Tried(p: p, d: differences, q: q, seasonalP: P, seasonalD: D, seasonalQ: Q, constant: constant)
      return !tried.contains { $0.model == model }
    }

    var best = tryModel(p, q, P, Q, constant: constant)
    var trial = tryModel(0, 0, 0, 0, constant: constant)
    if trial.criterion < best.criterion {
      best = trial
      (p, q, P, Q) = (0, 0, 0, 0)
    }
    if maxP > 0 || maxSeasonalP > 0 {
      let p1 = maxP > 0 ? 1 : 0, P1 = m > 1 && maxSeasonalP > 0 ? 1 : 0
      trial = tryModel(p1, 0, P1, 0, constant: constant)
      if trial.criterion < best.criterion {
        best = trial
        (p, q, P, Q) = (p1, 0, P1, 0)
      }
    }
    if maxQ > 0 || maxSeasonalQ > 0 {
      let q1 = maxQ > 0 ? 1 : 0, Q1 = m > 1 && maxSeasonalQ > 0 ? 1 : 0
      trial = tryModel(0, q1, 0, Q1, constant: constant)
      if trial.criterion < best.criterion {
        best = trial
        (p, q, P, Q) = (0, q1, 0, Q1)
      }
    }
    if constant {
      trial = tryModel(0, 0, 0, 0, constant: false)
      if trial.criterion < best.criterion {
        best = trial
        (p, q, P, Q) = (0, 0, 0, 0)
      }
    }

    /// Fits the neighbour when it is new and the table has room; whether it improved on `best`.
    func improves(_ p: Int, _ q: Int, _ P: Int, _ Q: Int, constant: Bool) -> Bool {
      guard isNew(p, q, P, Q, constant: constant), tried.count < maxModels else { return false }
      let trial = tryModel(p, q, P, Q, constant: constant)
      guard trial.criterion < best.criterion else { return false }
      best = trial
      return true
    }

    var startCount = 0
    while startCount < tried.count && tried.count < maxModels {
      startCount = tried.count
      if P > 0 && improves(p, q, P - 1, Q, constant: constant) { P -= 1; continue }
      if Q > 0 && improves(p, q, P, Q - 1, constant: constant) { Q -= 1; continue }
      if P < maxSeasonalP && improves(p, q, P + 1, Q, constant: constant) { P += 1; continue }
      if Q < maxSeasonalQ && improves(p, q, P, Q + 1, constant: constant) { Q += 1; continue }
      if Q > 0 && P > 0 && improves(p, q, P - 1, Q - 1, constant: constant) { P -= 1; Q -= 1; continue }
      if Q < maxSeasonalQ && P > 0 && improves(p, q, P - 1, Q + 1, constant: constant) { P -= 1; Q += 1; continue }
      if Q > 0 && P < maxSeasonalP && improves(p, q, P + 1, Q - 1, constant: constant) { P += 1; Q -= 1; continue }
      if Q < maxSeasonalQ && P < maxSeasonalP && improves(p, q, P + 1, Q + 1, constant: constant) { P += 1; Q += 1; continue }
      if p > 0 && improves(p - 1, q, P, Q, constant: constant) { p -= 1; continue }
      if q > 0 && improves(p, q - 1, P, Q, constant: constant) { q -= 1; continue }
      if p < maxP && improves(p + 1, q, P, Q, constant: constant) { p += 1; continue }
      if q < maxQ && improves(p, q + 1, P, Q, constant: constant) { q += 1; continue }
      if q > 0 && p > 0 && improves(p - 1, q - 1, P, Q, constant: constant) { p -= 1; q -= 1; continue }
      if q < maxQ && p > 0 && improves(p - 1, q + 1, P, Q, constant: constant) { p -= 1; q += 1; continue }
      if q > 0 && p < maxP && improves(p + 1, q - 1, P, Q, constant: constant) { p += 1; q -= 1; continue }
      if q < maxQ && p < maxP && improves(p + 1, q + 1, P, Q, constant: constant) { p += 1; q += 1; continue }
      if (allowDrift || allowMean) && improves(p, q, P, Q, constant: !constant) { constant.toggle(); continue }
    }
    if approximate && best.model != nil {
      // The models tried, best criterion first, refitted by CSS-ML until one is acceptable
      // (statsforecast's "re-fitting the best model(s) without approximations").
      for model in tried.sorted(by: { Self.ranksBefore($0.criterion, $1.criterion) }).map(\.model) {
        let refitted = candidate(x, order: ARIMAOrder(model.p, model.d, model.q),
                                 seasonalOrder: ARIMAOrder(model.seasonalP, model.seasonalD, model.seasonalQ), period: m,
                                 constant: model.constant, criterion: criterion, approximationOffset: nil)
        if refitted.criterion < .infinity {
          best = refitted
          break
        }
      }
    }
    guard let model = best.model, best.criterion.isFinite || best.criterion.isNaN else {
      throw .unsuitableSeries("No ARIMA model could be fitted to the series (every model tried failed or was non-stationary or non-invertible); try a fixed-order ARIMA or another method.")
    }
    var notes: [String] = []
    if tried.count >= maxModels {
      notes.append("The stepwise search stopped at its limit of \(maxModels) models.")
    }
    return (model, notes)
  }

  /// One model of the search, fitted by CSS-ML with a drift (d + D = 1) or mean (d + D = 0) when
  /// `constant`, and its criterion — infinite when the fit fails, when its AR or MA polynomial
  /// has a root within 1.01 of the unit circle, or when its coefficients' variance has a
  /// negative diagonal (statsforecast's `myarima`). With an `approximationOffset`, the model is
  /// fitted by CSS alone and its AIC approximated as `offset + n·log σ² + 2k`.
  private func candidate(_ x: [Double], order: ARIMAOrder, seasonalOrder: ARIMAOrder, period: Int,
                         constant: Bool, criterion: ARIMACriterion, approximationOffset: Double?) -> Candidate {
    let spec = ARIMASpecification(order: order, seasonal: seasonalOrder, period: period)
    let regressor: ARIMARegressor = !constant ? .none : (spec.differences == 1 ? .drift : (spec.differences == 0 ? .intercept : .none))
    let method: ARIMAMethod = approximationOffset == nil ? .cssML : .css
    guard let estimate = try? ARIMAEstimation.fit(x, spec, regressor: regressor, method: method) else {
      return Candidate(model: nil, criterion: .infinity)
    }
    let model = ARIMAModel(estimate, values: x, method: method)
    let nstar = Double(x.count - spec.differencedAway)
    var aic = model.aic
    if let offset = approximationOffset {
      aic = estimate.sigma2 <= 0 ? -.infinity : offset + nstar * log(estimate.sigma2) + 2 * Double(estimate.estimatedCount + 1)
    }
    var value: Double
    if aic.isNaN {
      value = .infinity
    } else {
      // statsforecast's `math.log(nstar)` raises for nstar <= 0, which fails the model.
      guard nstar > 0 else { return Candidate(model: nil, criterion: .infinity) }
      let (aicc, bic) = ARIMAModel.criteria(aic: aic, parameters: Double(estimate.estimatedCount + 1), observations: nstar)
      switch criterion {
      case .aic: value = aic
      case .aicc: value = aicc
      case .bic: value = bic
      }
    }
    if order.p + seasonalOrder.p > 0 && !ARIMATransforms.rootsLieOutside(radius: 1.01, coefficients: estimate.stateSpace.phi) {
      value = .infinity
    }
    if order.q + seasonalOrder.q > 0 && value < .infinity
      && !ARIMATransforms.rootsLieOutside(radius: 1.01, coefficients: estimate.stateSpace.theta.map { -$0 }) {
      value = .infinity
    }
    if !estimate.varianceIsValid { value = .infinity }
    return Candidate(model: model, criterion: value)
  }

  /// The constant of the approximate AIC (statsforecast's `offset`): `−2 log L − n·log σ²` of the
  /// differences alone, `ARIMA(0,d,0)(0,D,0)` with the mean when undifferenced, fitted by CSS
  /// (statsforecast's `arima()` default; R fits it by CSS-ML — the constant shifts every model's
  /// criterion alike, so the choice is the same); 0 when that fit fails or its variance is not
  /// positive.
  private static func approximationOffset(_ x: [Double], d: Int, seasonalD: Int, period: Int) -> Double {
    let spec = ARIMASpecification(order: ARIMAOrder(0, d, 0), seasonal: seasonalD > 0 ? ARIMAOrder(0, seasonalD, 0) : .none, period: period)
    guard let fit = try? ARIMAEstimation.fit(x, spec, regressor: d + seasonalD == 0 ? .intercept : .none, method: .css),
          fit.sigma2 > 0
    else { return 0 }
    return -2 * fit.logLikelihood - Double(x.count) * log(fit.sigma2)
  }

  /// numpy's `argsort` order of criteria: numbers ascending (infinities last among them), NaN
  /// after every number.
  private static func ranksBefore(_ a: Double, _ b: Double) -> Bool {
    if a.isNaN { return false }
    if b.isNaN { return true }
    return a < b
  }

  /// The model when the differenced series is constant, as statsforecast's `auto_arima_f`: the
  /// differences alone, with the drift or mean fixed to the differenced series' mean.
  private func constantDifferenceModel(_ x: [Double], dx: [Double], d: Int, seasonalD: Int, period: Int) throws(ModelError) -> (model: ARIMAModel, notes: [String]) {
    let note = "After \(d) differences and \(seasonalD) seasonal differences the series is constant, so no ARMA terms are searched."
    let order = ARIMAOrder(0, d, 0)
    let seasonalOrder = ARIMAOrder(0, seasonalD, 0)
    let regressor: ARIMARegressor
    let fixed: [Double]
    if seasonalD > 0 && d == 0 && seasonalD == 1 {
      regressor = .drift
      fixed = [dx.reduce(0) { $0 + $1 / Double(period) } / Double(dx.count)]
    } else if seasonalD > 0 || d == 2 {
      regressor = .none
      fixed = []
    } else if d > 2 {
      throw .unsuitableSeries("After \(d) differences the series is constant: it follows a polynomial of degree \(d - 1) and is not suitable for ARIMA modelling.")
    } else {
      regressor = d == 1 ? .drift : .intercept
      fixed = [dx.reduce(0, +) / Double(dx.count)]
    }
    let spec = ARIMASpecification(order: order, seasonal: seasonalD > 0 ? seasonalOrder : .none, period: period)
    guard x.count > spec.differencedAway else {
      throw .unsuitableSeries("The series has \(x.count) observations, too few for \(spec.orderText).")
    }
    let estimate = try ARIMAEstimation.fit(x, spec, regressor: regressor, method: .ml, fixed: fixed)
    return (ARIMAModel(estimate, values: x, method: .ml), [note])
  }

  /// `x` differenced `times` times at `lag` (statsforecast's `diff(x, lag, times)`).
  static func difference(_ x: [Double], lag: Int, times: Int) -> [Double] {
    var result = x
    for _ in 0..<times { result = ARIMAEstimation.difference(result, lag: lag) }
    return result
  }
}
