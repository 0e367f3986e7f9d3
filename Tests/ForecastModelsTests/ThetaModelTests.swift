@testable import ForecastModels
import Testing

@Suite("Theta state-space models against statsforecast")
struct ThetaModelTests {
  @Test("with statsforecast's parameters each model reproduces its fitted values, criterion and forecasts")
  func recursion() throws {
    for case let r in try ThetaFixture.load().recursions {
      let kind = try #require(ThetaModelKind(rawValue: r.kind))
      let model = ThetaModel(kind: kind, parameters: ThetaParameters(
        initialSmoothed: r.parameters.initialSmoothed, alpha: r.parameters.alpha, theta: r.parameters.theta))
      var errors = [Double](repeating: .nan, count: r.y.count)
      let (mse, state) = r.y.withUnsafeBufferPointer { y in errors.withUnsafeMutableBufferPointer { model.filter(y, errors: $0) } }
      let fitted = zip(r.y, errors).map { $0 - $1 }
      #expect(allClose(fitted, r.fitted, tolerance: 1e-12), "\(r.name): fitted values")
      #expect(allClose([mse], [r.mse], tolerance: 1e-12), "\(r.name): mse \(mse) vs \(r.mse)")
      let forecast = model.forecast(from: state, count: r.y.count, horizon: r.forecast.count)
      #expect(allClose(forecast, r.forecast, tolerance: 1e-12), "\(r.name): forecasts")
    }
  }

  @Test("the Nelder–Mead estimates land on statsforecast's parameters in the same number of iterations")
  func estimation() throws {
    for case let r in try ThetaFixture.load().recursions {
      let kind = try #require(ThetaModelKind(rawValue: r.kind))
      let fit = ThetaModel.fit(kind, to: r.y)
      let p = fit.model.parameters
      #expect(allClose([p.initialSmoothed, p.alpha, p.theta],
                       [r.parameters.initialSmoothed, r.parameters.alpha, r.parameters.theta], tolerance: 1e-9),
              "\(r.name): parameters \(p) vs \(r.parameters)")
      #expect(fit.optimizer?.iterations == r.optimizerIterations, "\(r.name): iterations")
      #expect(allClose([fit.optimizer?.value ?? .nan, fit.mse], [r.optimizerValue, r.mse], tolerance: 1e-9), "\(r.name): criterion")
    }
  }

  @Test("the standard models keep θ = 2 and the dynamic ones start their trend line flat at y₁")
  func structure() {
    let y = [3.0, 5, 4, 6, 8, 7, 9]
    let fixedTheta = ThetaModel.fit(.standard, to: y, fixed: ThetaParameters(initialSmoothed: 1, alpha: 0.5, theta: 7))
    #expect(fixedTheta.model.parameters.theta == 2)
    #expect(fixedTheta.optimizer == nil)
    let dynamic = ThetaModel(kind: .dynamicOptimized, parameters: ThetaParameters(initialSmoothed: 1, alpha: 0.5, theta: 3))
    let state = y.withUnsafeBufferPointer { dynamic.initialState($0) }
    #expect(state == ThetaState(level: 2, meanY: 3, intercept: 3, slope: 0, mu: 3))
  }
}
