import ForecastKernels
import Testing

@Suite("GEMM")
struct GEMMTests {
  /// Shapes that hit every path of the kernels: GEMV rows (64-wide, 8-wide, masked tails), dot
  /// products for Bᵀ, packed 6-, 4- and 1-row blocks, narrow strips, k past one 256-block, and
  /// products large enough to split across two threads.
  static let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (1, 400, 100), (3, 17, 5), (4, 16, 7), (9, 70, 13), (12, 400, 1), (64, 1024, 3),
    (100, 400, 12), (5, 3, 400), (11, 33, 300), (64, 256, 70), (7, 130, 1200),
  ]

  /// Random A, B and a starting C for `C[m, n] (+)= op(A) · op(B)`, with A's and B's leading
  /// dimensions.
  static func operands(
    m: Int, n: Int, k: Int, op: GEMM.Operand, opB: GEMM.Operand, using generator: inout SeededGenerator
  ) -> (a: [Float], b: [Float], c: [Float], lda: Int, ldb: Int) {
    func random(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextNormal()) } }
    return (random(m * k), random(k * n), random(m * n), op == .plain ? k : m, opB == .plain ? n : k)
  }

  /// The largest |a − b| / max(|b|, 1).
  static func worstRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).map { abs($0 - $1) / max(abs($1), 1) }.max()!
  }

  @Test("fast kernel matches its plain twin", arguments: 0..<shapes.count)
  func matchesReference(index: Int) {
    let (m, n, k) = Self.shapes[index]
    var generator = SeededGenerator(seed: UInt64(index))
    for (op, opB) in [(GEMM.Operand.plain, GEMM.Operand.plain), (.transposed, .plain), (.plain, .transposed), (.transposed, .transposed)] {
      for accumulate in [false, true] {
        let (a, b, start, lda, ldb) = Self.operands(m: m, n: n, k: k, op: op, opB: opB, using: &generator)
        var fast = start, plain = start
        GEMM.multiply(m: m, n: n, k: k, a, lda: lda, op: op, b, ldb: ldb, opB: opB, into: &fast, ldc: n, accumulate: accumulate)
        GEMM.referenceMultiply(m: m, n: n, k: k, a, lda: lda, op: op, b, ldb: ldb, opB: opB, into: &plain, ldc: n, accumulate: accumulate)
        let worst = Self.worstRelativeDifference(fast, plain)
        #expect(worst < 1e-5 * Float(k).squareRoot() + 1e-6, "\(m)×\(n)×\(k) \(op)·\(opB) accumulate \(accumulate): \(worst)")
      }
    }
  }

  @Test("a known product")
  func knownProduct() {
    let a: [Float] = [1, 2, 3, 4, 5, 6]  // 2×3
    let b: [Float] = [7, 8, 9, 10, 11, 12]  // 3×2
    var c = [Float](repeating: 0, count: 4)
    GEMM.multiply(m: 2, n: 2, k: 3, a, lda: 3, b, ldb: 2, into: &c, ldc: 2, accumulate: false)
    #expect(c == [58, 64, 139, 154])
  }

  @Test("products with a prepared (packed) right-hand matrix match the plain twin", arguments: 0..<shapes.count)
  func preparedMatchesReference(index: Int) {
    let (m, n, k) = Self.shapes[index]
    var generator = SeededGenerator(seed: UInt64(100 + index))
    for (op, opB) in [(GEMM.Operand.plain, GEMM.Operand.plain), (.transposed, .transposed)] {
      let (a, b, start, lda, ldb) = Self.operands(m: m, n: n, k: k, op: op, opB: opB, using: &generator)
      var fast = start, plain = start
      GEMM.withPrepared(b, k: k, n: n, ldb: ldb, opB: opB, rows: m) { prepared in
        // Twice, so a packed matrix is shown to be reusable.
        for _ in 0..<2 { GEMM.multiply(m: m, a, lda: lda, op: op, prepared, into: &fast, ldc: n, accumulate: true) }
      }
      for _ in 0..<2 {
        GEMM.referenceMultiply(m: m, n: n, k: k, a, lda: lda, op: op, b, ldb: ldb, opB: opB, into: &plain, ldc: n, accumulate: true)
      }
      let worst = Self.worstRelativeDifference(fast, plain)
      #expect(worst < 2e-5 * Float(k).squareRoot() + 1e-6, "\(m)×\(n)×\(k) \(op)·\(opB): \(worst)")
    }
  }

  @Test("C is not written outside its rows and columns (leading dimension wider than n)")
  func leadingDimension() {
    let (m, n, k, ldc) = (7, 20, 9, 29)
    let a = [Float](repeating: 1, count: m * k), b = [Float](repeating: 1, count: k * n)
    var c = [Float](repeating: -5, count: m * ldc)
    GEMM.multiply(m: m, n: n, k: k, a, lda: k, b, ldb: n, into: &c, ldc: ldc, accumulate: false)
    for i in 0..<m {
      #expect(c[i * ldc..<i * ldc + n].allSatisfy { $0 == Float(k) })
      #expect(c[i * ldc + n..<(i + 1) * ldc].allSatisfy { $0 == -5 })
    }
  }

  @Test("the kernel name is one of the known ones")
  func kernelName() {
    #expect(["avx2-fma", "portable"].contains(GEMM.kernelName))
  }
}
