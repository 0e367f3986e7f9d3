import _CForecastKernels
#if canImport(Accelerate)
// Links Accelerate, whose cblas_sgemm the C kernels call on Apple platforms.
import Accelerate
#endif

/// Single-precision matrix multiply, the one kernel every layer's forward and backward uses.
///
/// All matrices are row-major. `C (+)= op(A) · op(B)`, where `op(X)` is `X` or `Xᵀ`, so no
/// caller needs to transpose a matrix to multiply by it. Package API: it takes raw pointers,
/// whose extents only the caller knows; the leading dimensions are checked against the sizes.
package enum GEMM {
  /// Whether an operand enters the product as stored or transposed.
  package enum Operand: Sendable { case plain, transposed }

  /// Products of a few rows (GEMV) with at least this many multiply-adds sum each element in two
  /// parts (`sumSplit`). This fixes the order of the sums, hence every trained value (the
  /// tutorial's numbers are recorded to the bit): it does not depend on how many threads run them.
  package static let splitThreshold = 1 << 15

  /// Products of at least this many multiply-adds are split across two threads (unless the
  /// machine is busy: see `Parallel.halves`).
  package static let parallelThreshold = 1 << 15

  /// `C[m, n] (+)= op(A)[m, k] · op(B)[k, n]` with the kernel chosen at run time (Accelerate on
  /// Apple platforms, AVX2+FMA where the processor has it, the portable packed kernel elsewhere
  /// or when `FORECAST_PORTABLE_KERNELS=1`), on both cores for large products.
  ///
  /// - Parameters:
  ///   - a: `[m, k]` with leading dimension `lda`, or `[k, m]` when `op` is `.transposed`.
  ///   - b: `[k, n]` with leading dimension `ldb`, or `[n, k]` when `opB` is `.transposed`.
  ///   - c: `[m, n]` with leading dimension `ldc`.
  ///   - accumulate: add to `C` instead of overwriting it.
  /// - Precondition: sizes are not negative and every leading dimension is at least its row's
  ///   length.
  package static func multiply(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, lda: Int, op: Operand = .plain,
    _ b: UnsafePointer<Float>, ldb: Int, opB: Operand = .plain,
    into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    checkSizes(m: m, n: n, k: k, lda: lda, op: op, ldc: ldc)
    precondition(ldb >= (opB == .plain ? n : k), "GEMM: ldb \(ldb) is shorter than a row of B (\(opB == .plain ? n : k))")
    let call = Call(
      m: m, n: n, k: k, a: a, rowStride: op == .plain ? lda : 1, columnStride: op == .plain ? 1 : lda,
      b: b, ldb: ldb, bTransposed: opB == .transposed, packed: nil, c: c, ldc: ldc, accumulate: accumulate)
    call.run()
  }

  /// `C[m, n] = bias + A[m, k] · B[k, n]`, `bias` a row of `n` added to every row of C (nil for
  /// none): `multiply(…, accumulate: true)` onto rows of `bias`. With one column of A (an input
  /// projection of one feature) on the AVX2+FMA kernels, in one pass instead of a fill and a
  /// product — the same values, bit for bit.
  package static func multiply(
    m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
    bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    checkSizes(m: m, n: n, k: k, lda: lda, op: .plain, ldc: ldc)
    if k == 1, fk_sgemm_column_bias(m, n, a, lda, b, bias, c, ldc) != 0 { return }
    if let bias {
      for row in 0..<m { (c + row * ldc).update(from: bias, count: n) }
    }
    multiply(m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, into: c, ldc: ldc, accumulate: bias != nil)
  }

  /// `C[m, n] (+)= op(A)[m, k] · B` for a right-hand matrix prepared by `withPrepared`.
  /// - Precondition: as for the other `multiply`.
  package static func multiply(
    m: Int, _ a: UnsafePointer<Float>, lda: Int, op: Operand = .plain,
    _ b: Prepared, into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    checkSizes(m: m, n: b.n, k: b.k, lda: lda, op: op, ldc: ldc)
    let call = Call(
      m: m, n: b.n, k: b.k, a: a, rowStride: op == .plain ? lda : 1, columnStride: op == .plain ? 1 : lda,
      b: b.source, ldb: b.ldb, bTransposed: b.opB == .transposed, packed: b.packed, c: c, ldc: ldc,
      accumulate: accumulate)
    call.run()
  }

  /// The checks every product makes before it touches memory.
  private static func checkSizes(m: Int, n: Int, k: Int, lda: Int, op: Operand, ldc: Int) {
    precondition(m >= 0 && n >= 0 && k >= 0, "GEMM: negative size \(m)×\(n)×\(k)")
    precondition(lda >= (op == .plain ? k : m), "GEMM: lda \(lda) is shorter than a row of A (\(op == .plain ? k : m))")
    precondition(ldc >= n, "GEMM: ldc \(ldc) is shorter than a row of C (\(n))")
  }

  /// A right-hand matrix `op(B)` (`[k, n]`) made ready once for many products with it — a
  /// recurrent kernel, multiplied once per time step. For products of four rows or more it is
  /// packed into the block kernels' strip layout (except with Accelerate, which takes it as
  /// stored); otherwise it is used as stored. Valid only inside the `withPrepared` closure that
  /// made it.
  package struct Prepared {
    let k: Int, n: Int
    let source: UnsafePointer<Float>, ldb: Int, opB: Operand
    let packed: UnsafePointer<Float>?
  }

  /// Runs `body` with `op(B)` prepared for products of `rows` rows.
  /// - Parameter b: `[k, n]` with leading dimension `ldb`, or `[n, k]` when `opB` is `.transposed`.
  package static func withPrepared<R>(
    _ b: UnsafePointer<Float>, k: Int, n: Int, ldb: Int, opB: Operand = .plain, rows: Int,
    _ body: (Prepared) throws -> R
  ) rethrows -> R {
    var packed = AlignedFloats(repeating: 0, count: preparedCount(k: k, n: n, rows: rows))
    return try packed.withUnsafeMutableBufferPointer { buffer in
      try body(prepare(b, k: k, n: n, ldb: ldb, opB: opB, rows: rows, into: buffer))
    }
  }

  /// Floats of the scratch `prepare` takes for a `[k, n]` matrix and products of `rows` rows.
  package static func preparedCount(k: Int, n: Int, rows: Int) -> Int {
    packs(rows: rows) && k > 0 && n > 0 ? fk_packed_size(k, n) : 0
  }

  /// `op(B)` prepared for products of `rows` rows in `scratch`, which the caller allocated once
  /// (an inference runs many forward passes without allocating); valid while `b` and `scratch` are.
  /// - Parameters:
  ///   - b: `[k, n]` with leading dimension `ldb`, or `[n, k]` when `opB` is `.transposed`.
  ///   - scratch: at least `preparedCount(k:n:rows:)` floats.
  package static func prepare(
    _ b: UnsafePointer<Float>, k: Int, n: Int, ldb: Int, opB: Operand = .plain, rows: Int,
    into scratch: UnsafeMutableBufferPointer<Float>
  ) -> Prepared {
    precondition(k >= 0 && n >= 0 && ldb >= (opB == .plain ? n : k), "GEMM: B of \(k)×\(n) with ldb \(ldb)")
    let count = preparedCount(k: k, n: n, rows: rows)
    guard count > 0 else { return Prepared(k: k, n: n, source: b, ldb: ldb, opB: opB, packed: nil) }
    precondition(scratch.count >= count, "GEMM: \(scratch.count) floats of scratch for a packed B of \(count)")
    fk_pack_b(k, n, b, ldb, opB == .transposed ? 1 : 0, scratch.baseAddress!)
    return Prepared(k: k, n: n, source: b, ldb: ldb, opB: opB, packed: scratch.baseAddress!)
  }

  /// Whether `withPrepared` packs a matrix for products of `rows` rows (four or more, except with
  /// Accelerate, which takes matrices as stored).
  package static func packs(rows: Int) -> Bool { rows >= 4 && fk_prefers_packing() != 0 }

  /// Where `multiply` sums a product in two parts, one per thread when the product is large enough
  /// (rows `0..<split` of op(B) and the rest, the second sum added to the first), or nil when each
  /// element is one sum: for a product of a few rows times a plain, unpacked B with a long k (see
  /// `Call.run`).
  package static func sumSplit(m: Int, n: Int, k: Int, packed: Bool, bTransposed: Bool) -> Int? {
    guard m * n * k >= splitThreshold, m < 4, !packed, !bTransposed, k >= 32 else { return nil }
    return Parallel.splitPoint(k, alignment: 8)
  }

  /// One product's arguments; threads compute disjoint column ranges of C.
  private struct Call {
    let m: Int, n: Int, k: Int
    let a: UnsafePointer<Float>, rowStride: Int, columnStride: Int
    let b: UnsafePointer<Float>, ldb: Int, bTransposed: Bool
    let packed: UnsafePointer<Float>?
    let c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool

    /// Computes C, on two threads when large. The split follows the weights' rows, so that each
    /// core keeps touching the same half of a weight matrix — its rows stay in that core's cache
    /// from the forward product through the gradient to the optimiser's update:
    /// - a few rows times a plain B (GEMV, `x · W`): halves of k (W's rows), partial sums added;
    /// - a transposed A (a gradient `Xᵀ · dY`, shaped like W) with a short k: halves of C's rows
    ///   (with a long k, packing all of B on both threads would cost more than it saves);
    /// - otherwise halves of C's columns (on a multiple of 16 for the SIMD strips, of 4 for the
    ///   dot products of Bᵀ, whose columns are W's rows).
    func run() {
      let parallel = m * n * k >= parallelThreshold
      if let split = sumSplit(m: m, n: n, k: k, packed: packed != nil, bTransposed: bTransposed) {
        runSplittingK(at: split)
      } else if parallel && rowStride == 1 && columnStride != 1 && packed == nil && m >= 32 && k < m {
        Parallel.halves(m, parallel: true, alignment: 4) { run(rows: $0) }
      } else {
        let alignment = packed == nil && bTransposed ? 4 : 16
        Parallel.halves(n, parallel: parallel, alignment: alignment) { run(columns: $0) }
      }
    }

    /// C (+)= A[:, ..<split] · B[..<split, :] + A[:, split...] · B[split..., :], the second
    /// product into scratch (on the other core when the product is large), added after both.
    private func runSplittingK(at split: Int) {
      withUnsafeTemporaryAllocation(of: Float.self, capacity: m * n) { scratch in
        let partial = scratch.baseAddress!
        Parallel.halves(2, parallel: m * n * k >= parallelThreshold) { parts in
          for part in parts {
            let range = part == 0 ? 0..<split : split..<k
            let a = self.a + range.lowerBound * columnStride, b = self.b + range.lowerBound * ldb
            if part == 0 {
              fk_sgemm(m, n, range.count, a, rowStride, columnStride, b, ldb, 0, c, ldc, accumulate ? 1 : 0)
            } else {
              fk_sgemm(m, n, range.count, a, rowStride, columnStride, b, ldb, 0, partial, n, 0)
            }
          }
        }
        fk_add(m, n, partial, n, c, ldc)
      }
    }

    /// Rows `rows` of C (A's rows, or columns when A is transposed).
    func run(rows: Range<Int>) {
      fk_sgemm(rows.count, n, k, a + rows.lowerBound * rowStride, rowStride, columnStride, b, ldb, bTransposed ? 1 : 0,
               c + rows.lowerBound * ldc, ldc, accumulate ? 1 : 0)
    }

    func run(columns: Range<Int>) {
      if let packed {
        fk_sgemm_packed(m, n, columns.lowerBound, columns.upperBound, k, a, rowStride, columnStride,
                        packed, c, ldc, accumulate ? 1 : 0)
        return
      }
      let bStart = bTransposed ? b + columns.lowerBound * ldb : b + columns.lowerBound
      fk_sgemm(m, columns.count, k, a, rowStride, columnStride, bStart, ldb, bTransposed ? 1 : 0,
               c + columns.lowerBound, ldc, accumulate ? 1 : 0)
    }
  }

  /// The plain twin of `multiply`: three loops, the oracle for tests.
  package static func referenceMultiply(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, lda: Int, op: Operand = .plain,
    _ b: UnsafePointer<Float>, ldb: Int, opB: Operand = .plain,
    into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    for i in 0..<m {
      for j in 0..<n {
        var sum: Float = accumulate ? c[i * ldc + j] : 0
        for p in 0..<k {
          let aip = op == .plain ? a[i * lda + p] : a[p * lda + i]
          let bpj = opB == .plain ? b[p * ldb + j] : b[j * ldb + p]
          sum += aip * bpj
        }
        c[i * ldc + j] = sum
      }
    }
  }

  /// The name of the kernels this process runs: `accelerate` (Apple platforms), `avx512`
  /// (x86-64 with AVX-512F: the AVX2+FMA kernels, with 512-bit ones for packed products, GEMV rows,
  /// dot products, the training step's fused update and the LSTM cells of 4 rows or more, which
  /// compute the same values; `FORECAST_AVX512=0` turns them off), `avx2-fma` (x86-64 with AVX2
  /// and FMA)
  /// or `portable` (elsewhere, or with `FORECAST_PORTABLE_KERNELS=1`).
  package static var kernelName: String { String(cString: fk_kernel_name()) }

  /// Whether this process runs the AVX2+FMA kernels (`avx2-fma`, or `avx512`, which computes the
  /// same values).
  package static var runsAVX2: Bool { ["avx2-fma", "avx512"].contains(kernelName) }

  /// Whether a product of one column of A by one row of B plus a bias (`multiply(bias:)` with
  /// k = 1: an LSTM's input projection of one feature) is one pass of multiply-adds here, which
  /// the LSTM's fused cells can then make themselves (`fk_lstm_forward_units_column`).
  package static var columnProductsFused: Bool { fk_sgemm_column_bias_available() != 0 }

  /// Whether `FORECAST_PORTABLE_KERNELS` forces the portable kernels in this process.
  package static var portableKernelsForced: Bool { fk_portable_forced() != 0 }
}
