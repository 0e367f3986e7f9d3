import Foundation
import ForecastKernels
import Testing
import _CForecastKernels

@Suite("GEMM")
struct GEMMTests {
  /// Shapes that hit every path of the kernels: GEMV rows (64-wide, 8-wide, masked tails), dot
  /// products for Bᵀ, packed blocks of 1 to 6 rows, packed transposed A (12 rows or more), narrow
  /// strips, k past one 256-block, and products large enough to split across two threads.
  static let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (1, 400, 100), (2, 37, 300), (3, 17, 5), (4, 16, 7), (9, 70, 13), (12, 400, 1), (64, 1024, 3),
    (100, 400, 12), (5, 3, 400), (11, 33, 300), (13, 40, 600), (64, 256, 70), (7, 130, 1200),
  ]

  /// Random A, B and a starting C for `C[m, n] (+)= op(A) · op(B)`, with A's and B's leading
  /// dimensions.
  static func operands(
    m: Int, n: Int, k: Int, op: GEMM.Operand, opB: GEMM.Operand, using generator: inout SeededGenerator
  ) -> (a: [Float], b: [Float], c: [Float], lda: Int, ldb: Int) {
    func random(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextNormal()) } }
    return (random(m * k), random(k * n), random(m * n), op == .plain ? k : m, opB == .plain ? n : k)
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
        #expect(fast.allSatisfy { $0.isFinite })
        let closeness = Closeness(fast, plain, tolerance: 1e-5 * Double(k).squareRoot() + 1e-6)
        #expect(closeness.isClose, "\(m)×\(n)×\(k) \(op)·\(opB) accumulate \(accumulate): \(closeness)")
      }
    }
  }

  @Test("a product onto a bias row is the fill-and-multiply product, bit for bit (one pass for one column of A)")
  func columnTimesRow() {
    var generator = SeededGenerator(seed: 7)
    func random(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextNormal()) } }
    for (m, n) in [(1, 1), (3, 7), (12, 400), (384, 256), (5, 1029)] {
      for withBias in [false, true] {
        var a = random(m), b = random(n)
        let bias = random(n)
        a[m / 2] = m > 2 ? .nan : a[m / 2]
        b[n - 1] = n > 1 ? .infinity : b[n - 1]
        var expected = [Float](repeating: 0, count: m * n)
        for i in 0..<m where withBias { for j in 0..<n { expected[i * n + j] = bias[j] } }
        GEMM.multiply(m: m, n: n, k: 1, a, lda: 1, b, ldb: n, into: &expected, ldc: n, accumulate: withBias)
        var fast = [Float](repeating: -1, count: m * n)
        bias.withUnsafeBufferPointer { bias in
          GEMM.multiply(m: m, n: n, k: 1, a, lda: 1, b, ldb: n, bias: withBias ? bias.baseAddress : nil, into: &fast, ldc: n)
        }
        // Bit patterns, so that NaN compares too.
        #expect(fast.map(\.bitPattern) == expected.map(\.bitPattern), "\(m)×\(n), bias \(withBias)")
        #expect(fast.contains { $0.isNaN } == (m > 2), "the NaN in A did not reach C")
      }
    }
  }

  @Test("each element is one chain of multiply-adds, whatever block of rows it falls in and however A is packed: rows of an m-row product are those of 5-row products, bit for bit")
  func rowBlockingKeepsValues() throws {
    try #require(GEMM.kernelName != "accelerate", "Accelerate does not promise this")
    var generator = SeededGenerator(seed: 11)
    let (n, k) = (37, 300)  // a narrow last strip; k past one 256-block
    // Five rows or more: fewer go to the GEMV and dot-product kernels, which sum in other orders.
    // A transposed A of 12 rows or more is packed; five rows of it are not.
    for m in [5, 7, 8, 9, 10, 13, 14, 16, 32] {
      for (op, opB) in [(GEMM.Operand.plain, GEMM.Operand.plain), (.plain, .transposed), (.transposed, .plain), (.transposed, .transposed)] {
        let (a, b, _, lda, ldb) = Self.operands(m: m, n: n, k: k, op: op, opB: opB, using: &generator)
        var whole = [Float](repeating: 0, count: m * n)
        GEMM.multiply(m: m, n: n, k: k, a, lda: lda, op: op, b, ldb: ldb, opB: opB, into: &whole, ldc: n, accumulate: false)
        #expect(whole.allSatisfy { $0.isFinite }, "m \(m), A \(op), B \(opB)")
        for first in Set(stride(from: 0, to: m, by: 5).map { min($0, m - 5) }) {
          var rows = [Float](repeating: 0, count: 5 * n)
          GEMM.multiply(m: 5, n: n, k: k, Array(a[(op == .plain ? first * lda : first)...]), lda: lda, op: op, b, ldb: ldb,
                        opB: opB, into: &rows, ldc: n, accumulate: false)
          #expect(rows.map(\.bitPattern) == whole[(first * n)..<((first + 5) * n)].map(\.bitPattern),
                  "m \(m), rows \(first)..<\(first + 5), A \(op), B \(opB)")
        }
      }
    }
  }

  @Test("on x86-64 the packed products (AVX2's strips and AVX-512's pairs alike) are, element by element, one chain of fused multiply-adds over k in order, bit for bit",
        .enabled(if: GEMM.runsAVX2, "the portable kernels leave fusing to the compiler"))
  func fusedChains() {
    var generator = SeededGenerator(seed: 13)
    // 5 rows or more (fewer go to the GEMV and dot-product kernels); n with two pairs of strips,
    // one strip and a narrow one; k past one 256-block; a transposed A of 12 rows or more is packed.
    // k = 1 (an outer product: the output layer's gradient of one sample) skips the packing.
    for (m, n, k) in [(5, 90, 300), (13, 64, 7), (64, 1024, 40), (6, 32, 513), (100, 1, 1), (7, 40, 1)] {
      for (op, opB) in [(GEMM.Operand.plain, GEMM.Operand.plain), (.transposed, .plain), (.plain, .transposed)] {
        for accumulate in [false, true] {
          let (a, b, start, lda, ldb) = Self.operands(m: m, n: n, k: k, op: op, opB: opB, using: &generator)
          var (fast, prepared) = (start, start)
          GEMM.multiply(m: m, n: n, k: k, a, lda: lda, op: op, b, ldb: ldb, opB: opB, into: &fast, ldc: n, accumulate: accumulate)
          // And with B packed beforehand (whose two-thread split, for 64×1024, starts at column 512).
          GEMM.withPrepared(b, k: k, n: n, ldb: ldb, opB: opB, rows: m) { b in
            GEMM.multiply(m: m, a, lda: lda, op: op, b, into: &prepared, ldc: n, accumulate: accumulate)
          }
          #expect((fast + prepared).allSatisfy { $0.isFinite }, "\(m)×\(n)×\(k) \(op)·\(opB): not finite")
          var chains = start
          for i in 0..<m {
            for j in 0..<n {
              var sum: Float = accumulate ? start[i * n + j] : 0
              for p in 0..<k {
                sum.addProduct(op == .plain ? a[i * lda + p] : a[p * lda + i], opB == .plain ? b[p * ldb + j] : b[j * ldb + p])
              }
              chains[i * n + j] = sum
            }
          }
          #expect(fast.map(\.bitPattern) == chains.map(\.bitPattern),
                  "\(m)×\(n)×\(k) \(op)·\(opB) accumulate \(accumulate) (\(GEMM.kernelName))")
          #expect(prepared.map(\.bitPattern) == chains.map(\.bitPattern),
                  "prepared: \(m)×\(n)×\(k) \(op)·\(opB) accumulate \(accumulate) (\(GEMM.kernelName))")
        }
      }
    }
  }

  @Test("on x86-64 an outer product (k = 1) is one fused multiply-add from C or from +0, as the packed blocks make it — a product of exactly −0 gives +0 without accumulating, an underflowing one keeps its sign, onto a +0 of C too — whatever the strides, bit for bit",
        .enabled(if: GEMM.runsAVX2, "the portable kernels leave fusing to the compiler"))
  func outerProduct() {
    let aValues: [Float] = [-0.0, 0, 1e-30, -1e-30, 3, -2, .leastNonzeroMagnitude]
    let bValues: [Float] = [-0.0, 1e-30, -1e-25, 0.5, -0.0]
    let (m, n) = (aValues.count, bValues.count)
    let ldc = n + 3  // columns past n must stay as they were
    for op in [GEMM.Operand.plain, .transposed] {
      // A [m, 1] three floats a row, or Aᵀ [1, m] with room past m; NaN wherever A is not.
      let lda = op == .plain ? 3 : m + 2
      var a = [Float](repeating: .nan, count: op == .plain ? (m - 1) * lda + 1 : lda)
      for i in 0..<m { a[op == .plain ? i * lda : i] = aValues[i] }
      for opB in [GEMM.Operand.plain, .transposed] {
        // B [1, n], or Bᵀ [n, 1] two floats a row.
        let ldb = opB == .plain ? n : 2
        var b = [Float](repeating: .nan, count: opB == .plain ? n : (n - 1) * ldb + 1)
        for j in 0..<n { b[opB == .plain ? j : j * ldb] = bValues[j] }
        // Onto C of +0 only, a fused multiply-add and a rounded product then added differ.
        for (accumulate, pattern) in [(false, [Float(-0.0), 0, 1, -1e-38]), (true, [-0.0, 0, 1, -1e-38]), (true, [0])] {
          let start = (0..<(m * ldc)).map { pattern[$0 % pattern.count] }
          var (fast, prepared) = (start, start)
          GEMM.multiply(m: m, n: n, k: 1, a, lda: lda, op: op, b, ldb: ldb, opB: opB, into: &fast, ldc: ldc, accumulate: accumulate)
          GEMM.withPrepared(b, k: 1, n: n, ldb: ldb, opB: opB, rows: m) { b in
            GEMM.multiply(m: m, a, lda: lda, op: op, b, into: &prepared, ldc: ldc, accumulate: accumulate)
          }
          var expected = start
          for i in 0..<m {
            for j in 0..<n { expected[i * ldc + j] = (accumulate ? start[i * ldc + j] : 0).addingProduct(aValues[i], bValues[j]) }
          }
          let label = "\(op)·\(opB) accumulate \(accumulate) onto \(pattern)"
          #expect(fast.map(\.bitPattern) == expected.map(\.bitPattern), "\(label)")
          #expect(prepared.map(\.bitPattern) == expected.map(\.bitPattern), "prepared: \(label)")
        }
      }
    }
  }

  @Test("a plain B of 2 MiB or more, packed 256 columns at a time (the large network's gradient hᵀ·dz), gives the product strip by strip does, bit for bit")
  func chunkedPackingKeepsValues() {
    var generator = SeededGenerator(seed: 17)
    // k · n = 524,900, just past sgemm.c's CHUNKED_B_FLOATS (2^19 = 524,288): 290 columns are a
    // chunk of 256 and one of 34 (a pair or two strips, then a narrow one); k 1810 is seven blocks
    // of 256 and one of 18; 14 rows of a transposed A are packed too. Called directly, on this
    // thread (GEMM.multiply would split the columns in halves, each under the threshold), and
    // compared with the same product over slices of 32 columns, whose B is never chunked.
    let (m, n, k) = (14, 290, 1810)
    for op in [GEMM.Operand.plain, .transposed] {
      let (a, b, start, lda, _) = Self.operands(m: m, n: n, k: k, op: op, opB: .plain, using: &generator)
      let (rowStride, columnStride) = op == .plain ? (lda, 1) : (1, lda)
      var (chunked, sliced) = (start, start)
      fk_sgemm(m, n, k, a, rowStride, columnStride, b, n, 0, &chunked, n, 1)
      b.withUnsafeBufferPointer { b in
        sliced.withUnsafeMutableBufferPointer { c in
          for j in stride(from: 0, to: n, by: 32) {
            fk_sgemm(m, min(32, n - j), k, a, rowStride, columnStride, b.baseAddress! + j, n, 0, c.baseAddress! + j, n, 1)
          }
        }
      }
      #expect(chunked.allSatisfy { $0.isFinite }, "\(op): not finite")
      #expect(chunked.map(\.bitPattern) == sliced.map(\.bitPattern), "\(op) (\(GEMM.kernelName))")
    }
  }

  @Test("on x86-64 a product of 1 to 4 rows times Bᵀ (the backward's dz·Rᵀ) is dot products summed in one order on AVX2 and AVX-512 alike: 16 chains of fused multiply-adds — the 8 lanes of even and of odd 8-element blocks, the last odd block and the tail k mod 8 in the second 8 — then the two halves added and 8 lanes summed pairwise, bit for bit",
        .enabled(if: GEMM.runsAVX2, "the portable kernels have no dot-product path"))
  func dotProductOrder() {
    var generator = SeededGenerator(seed: 19)
    func random(_ count: Int) -> [Float] { (0..<count).map { _ in Float(generator.nextNormal()) } }
    /// The sum of a[p]·b[p], p < k, in the kernels' order.
    func dot(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>, _ k: Int) -> Float {
      let (a, b) = (Array(a), Array(b))
      let k8 = k - k % 8
      var lanes = [Float](repeating: 0, count: 16)
      var p = 0
      while p + 16 <= k8 {
        for l in 0..<16 { lanes[l].addProduct(a[p + l], b[p + l]) }
        p += 16
      }
      if p < k8 { for l in 0..<8 { lanes[l].addProduct(a[p + l], b[p + l]) } }
      for l in 0..<(k - k8) { lanes[8 + l].addProduct(a[k8 + l], b[k8 + l]) }
      let eight = (0..<8).map { lanes[$0] + lanes[$0 + 8] }
      let four = (0..<4).map { eight[$0] + eight[$0 + 4] }
      return (four[0] + four[2]) + (four[1] + four[3])
    }
    // k: one element, under 8, exactly 8, 16 + 7, 16 + 8 + 7, and the reference network's 400.
    for (m, n, k) in [(1, 7, 1), (2, 5, 5), (3, 9, 8), (4, 4, 23), (1, 13, 31), (4, 101, 400)] {
      for accumulate in [false, true] {
        let (a, b, start) = (random(m * k), random(n * k), random(m * n))
        var fast = start
        fk_sgemm(m, n, k, a, k, 1, b, k, 1, &fast, n, accumulate ? 1 : 0)
        var expected = start
        for i in 0..<m {
          for j in 0..<n {
            let sum = dot(a[(i * k)..<((i + 1) * k)], b[(j * k)..<((j + 1) * k)], k)
            expected[i * n + j] = accumulate ? start[i * n + j] + sum : sum
          }
        }
        #expect(fast.allSatisfy { $0.isFinite }, "\(m)×\(n)×\(k): not finite")
        #expect(fast.map(\.bitPattern) == expected.map(\.bitPattern), "\(m)×\(n)×\(k) accumulate \(accumulate) (\(GEMM.kernelName))")
      }
    }
  }

  @Test("a product of 1 to 3 rows (the GEMV kernels) is those rows of a larger product, bit for bit, where GEMM does not split its sums — as the training step's input kernel gradient, made in parts, relies on")
  func fewRowsKeepValues() throws {
    try #require(GEMM.kernelName != "accelerate", "Accelerate does not promise this")
    var generator = SeededGenerator(seed: 17)
    let (n, k) = (37, 200)  // 3 × 37 × 200 < 2^15 multiply-adds: GEMM does not split the sums
    for op in [GEMM.Operand.plain, .transposed] {
      let (a, b, _, lda, ldb) = Self.operands(m: 9, n: n, k: k, op: op, opB: .plain, using: &generator)
      var whole = [Float](repeating: 0, count: 9 * n)
      GEMM.multiply(m: 9, n: n, k: k, a, lda: lda, op: op, b, ldb: ldb, into: &whole, ldc: n, accumulate: false)
      #expect(whole.allSatisfy { $0.isFinite }, "A \(op): not finite")
      for (first, count) in [(0, 3), (3, 2), (8, 1)] {
        #expect(GEMM.sumSplit(m: count, n: n, k: k, packed: false, bTransposed: false) == nil)
        var rows = [Float](repeating: 0, count: count * n)
        GEMM.multiply(m: count, n: n, k: k, Array(a[(op == .plain ? first * lda : first)...]), lda: lda, op: op, b, ldb: ldb,
                      into: &rows, ldc: n, accumulate: false)
        #expect(rows.map(\.bitPattern) == whole[(first * n)..<((first + count) * n)].map(\.bitPattern),
                "rows \(first)..<\(first + count), A \(op) (\(GEMM.kernelName))")
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
      #expect(fast.allSatisfy { $0.isFinite })
      let closeness = Closeness(fast, plain, tolerance: 2e-5 * Double(k).squareRoot() + 1e-6)
      #expect(closeness.isClose, "\(m)×\(n)×\(k) \(op)·\(opB): \(closeness)")
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

  @Test("a NaN or infinity in A reaches C (no kernel skips or masks it)")
  func nonFinitePropagates() {
    for (m, n, k) in [(1, 40, 9), (9, 70, 13), (64, 256, 70)] {
      for opB in [GEMM.Operand.plain, .transposed] {
        var a = [Float](repeating: 1, count: m * k)
        a[(m - 1) * k + k / 2] = .nan  // last row of A
        a[0] = .infinity  // first row
        let b = [Float](repeating: 0.5, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        GEMM.multiply(m: m, n: n, k: k, a, lda: k, b, ldb: opB == .plain ? n : k, opB: opB, into: &c, ldc: n, accumulate: false)
        #expect(c[(m - 1) * n..<m * n].allSatisfy { $0.isNaN }, "\(m)×\(n)×\(k) \(opB): NaN row")
        #expect(c[0..<n].allSatisfy { $0 == .infinity } || m == 1, "\(m)×\(n)×\(k) \(opB): infinite row")
      }
    }
  }

  @Test("an empty k clears C, or leaves it when accumulating, with and without a prepared B")
  func emptyK() {
    let (m, n) = (6, 20)
    let a = [Float](), b = [Float]()
    for accumulate in [false, true] {
      var c = [Float](repeating: 3, count: m * n), prepared = c
      GEMM.multiply(m: m, n: n, k: 0, a, lda: 0, b, ldb: n, into: &c, ldc: n, accumulate: accumulate)
      GEMM.withPrepared(b, k: 0, n: n, ldb: n, rows: m) { b in
        GEMM.multiply(m: m, a, lda: 0, b, into: &prepared, ldc: n, accumulate: accumulate)
      }
      #expect(c == [Float](repeating: accumulate ? 3 : 0, count: m * n))
      #expect(prepared == c)
    }
  }

  @Test("the dispatcher runs the kernels this machine, FORECAST_PORTABLE_KERNELS and FORECAST_AVX512 call for")
  func kernelName() throws {
    let forced = ProcessInfo.processInfo.environment["FORECAST_PORTABLE_KERNELS"].map { !$0.isEmpty && $0 != "0" } ?? false
    #expect(GEMM.portableKernelsForced == forced)
    #if canImport(Darwin)
    #expect(GEMM.kernelName == (forced ? "portable" : "accelerate"))
    #elseif arch(x86_64)
    // What the processor has, read independently of the dispatcher.
    let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
    let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
    let avx2 = flags.contains("avx2") && flags.contains("fma")
    let avx512 = avx2 && flags.contains("avx512f") && ProcessInfo.processInfo.environment["FORECAST_AVX512"] != "0"
    #expect(GEMM.kernelName == (forced || !avx2 ? "portable" : avx512 ? "avx512" : "avx2-fma"))
    #expect(GEMM.runsAVX2 == (avx2 && !forced))
    #else
    #expect(GEMM.kernelName == "portable")
    #endif
  }
}
