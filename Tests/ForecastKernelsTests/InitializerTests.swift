import ForecastKernels
import Testing

@Suite("Initializers and random numbers")
struct InitializerTests {
  @Test("the same seed gives the same values; another seed does not")
  func reproducible() {
    var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
    let x = Initializer.glorotUniform.values(shape: [12, 400], using: &a)
    #expect(x == Initializer.glorotUniform.values(shape: [12, 400], using: &b))
    #expect(x != Initializer.glorotUniform.values(shape: [12, 400], using: &c))
  }

  @Test("glorot uniform stays within ±√(6/(fanIn+fanOut)) and fills it")
  func glorotBounds() {
    var generator = SeededGenerator(seed: 1)
    let values = Initializer.glorotUniform.values(shape: [100, 400], using: &generator)
    let limit = Float((6.0 / 500).squareRoot())
    #expect(values.allSatisfy { abs($0) <= limit })
    #expect(values.max()! > 0.95 * limit && values.min()! < -0.95 * limit)
  }

  @Test("orthogonal rows are orthonormal for a wide matrix, columns for a tall one")
  func orthogonal() {
    var generator = SeededGenerator(seed: 7)
    for (rows, columns) in [(8, 32), (32, 8), (10, 10)] {
      let q = Initializer.orthogonal.values(shape: [rows, columns], using: &generator)
      let wide = rows <= columns
      let (vectors, length) = wide ? (rows, columns) : (columns, rows)
      func element(_ v: Int, _ i: Int) -> Double { Double(wide ? q[v * columns + i] : q[i * columns + v]) }
      for v in 0..<vectors {
        for w in 0..<vectors {
          let dot = (0..<length).reduce(0.0) { $0 + element(v, $1) * element(w, $1) }
          #expect(abs(dot - (v == w ? 1 : 0)) < 1e-5, "\(rows)×\(columns) (\(v), \(w)): \(dot)")
        }
      }
    }
  }

  @Test("unit forget bias is one on the forget quarter only")
  func unitForgetBias() {
    var generator = SeededGenerator(seed: 0)
    let bias = Initializer.unitForgetBias.values(shape: [12], using: &generator)
    #expect(bias == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
  }

  @Test("standard normal draws have mean 0 and variance 1")
  func normal() {
    var generator = SeededGenerator(seed: 3)
    let draws = (0..<20_000).map { _ in generator.nextNormal() }
    let mean = draws.reduce(0, +) / Double(draws.count)
    let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
    #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
  }
}
