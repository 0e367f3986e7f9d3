import ForecastKernels
import Testing

@Suite("Activations")
struct ActivationTests {
  @Test("derivative from the output matches a central difference", arguments: Activation.allCases)
  func derivative(activation: Activation) {
    for x in stride(from: -4.0, through: 4.0, by: 0.37) {
      // Keep away from kinks (relu at 0, hard sigmoid at ±3).
      if [0.0, -3.0, 3.0].contains(where: { abs(x - $0) < 0.05 }) { continue }
      let h = 1e-3
      let numeric = (Double(activation(Float(x + h))) - Double(activation(Float(x - h)))) / (2 * h)
      let analytic = Double(activation.derivative(output: activation(Float(x))))
      #expect(abs(numeric - analytic) < 2e-3, "\(activation) at \(x): \(numeric) vs \(analytic)")
    }
  }

  @Test("the vectorised kernel matches its scalar twin", arguments: Activation.allCases)
  func kernelMatchesScalar(activation: Activation) {
    // Across the range, including tails past the vector width and saturated values.
    var values = stride(from: Float(-100), through: 100, by: 0.0731).map { $0 } + [0, -0.0, 1e-8, -1e-8, 88, -88, 1e30, -1e30]
    let expected = values.map { activation($0) }
    values.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
    let worst = zip(values, expected).map { abs($0 - $1) }.max()!
    #expect(worst <= 3e-7, "\(activation): largest difference \(worst)")
  }

  @Test("known values")
  func values() {
    #expect(Activation.relu(-2) == 0 && Activation.relu(3) == 3)
    #expect(abs(Activation.sigmoid(0) - 0.5) < 1e-7)
    #expect(Activation.hardSigmoid(-4) == 0 && Activation.hardSigmoid(4) == 1 && Activation.hardSigmoid(0) == 0.5)
    #expect(abs(Activation.tanh(1) - 0.7615942) < 1e-6)
  }
}
