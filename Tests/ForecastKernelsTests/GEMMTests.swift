import ForecastKernels
import Testing

@Suite("GEMM")
struct GEMMTests {
  /// Shapes that hit every path of the SIMD kernel: 4×16 blocks with and without packing,
  /// 64-wide single rows, 8-wide and masked column tails, leftover rows, k = 1.
  static let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (1, 400, 100), (3, 17, 5), (4, 16, 7), (9, 70, 13), (12, 400, 1), (64, 1024, 3),
    (100, 400, 12), (5, 3, 400),
  ]

  @Test("fast kernel matches its plain twin", arguments: 0..<shapes.count)
  func matchesReference(index: Int) {
    let (m, n, k) = Self.shapes[index]
    var generator = SeededGenerator(seed: UInt64(index))
    for op in [GEMM.Operand.plain, .transposed] {
      for accumulate in [false, true] {
        let a = (0..<m * k).map { _ in Float(generator.nextNormal()) }
        let b = (0..<k * n).map { _ in Float(generator.nextNormal()) }
        let start = (0..<m * n).map { _ in Float(generator.nextNormal()) }
        var fast = start, plain = start
        let lda = op == .plain ? k : m
        GEMM.multiply(m: m, n: n, k: k, a, lda: lda, op: op, b, ldb: n, into: &fast, ldc: n, accumulate: accumulate)
        GEMM.referenceMultiply(m: m, n: n, k: k, a, lda: lda, op: op, b, ldb: n, into: &plain, ldc: n, accumulate: accumulate)
        let worst = zip(fast, plain).map { abs($0 - $1) / max(abs($1), 1) }.max()!
        #expect(worst < 1e-5 * Float(k).squareRoot() + 1e-6, "\(m)×\(n)×\(k) \(op) accumulate \(accumulate): \(worst)")
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

  @Test("the kernel name is one of the known ones")
  func kernelName() {
    #expect(["avx2-fma", "portable"].contains(GEMM.kernelName))
  }
}
