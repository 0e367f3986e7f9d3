import _CForecastKernels

/// Single-precision matrix multiply, the one kernel every layer's forward and backward uses.
///
/// All matrices are row-major. `C (+)= op(A) · op(B)`, where `op(X)` is `X` or `Xᵀ`, so no
/// caller needs to transpose a matrix to multiply by it.
public enum GEMM {
  /// Whether an operand enters the product as stored or transposed.
  public enum Operand: Sendable { case plain, transposed }

  /// Products of at least this many multiply-adds are split across two threads (by columns of C).
  public static let parallelThreshold = 1 << 15

  /// `C[m, n] (+)= op(A)[m, k] · op(B)[k, n]` with the SIMD kernel (AVX2+FMA where the processor
  /// has it, chosen at run time; a portable loop elsewhere), on both cores for large products.
  ///
  /// - Parameters:
  ///   - a: `[m, k]` with leading dimension `lda`, or `[k, m]` when `op` is `.transposed`.
  ///   - b: `[k, n]` with leading dimension `ldb`, or `[n, k]` when `opB` is `.transposed`.
  ///   - c: `[m, n]` with leading dimension `ldc`.
  ///   - accumulate: add to `C` instead of overwriting it.
  public static func multiply(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, lda: Int, op: Operand = .plain,
    _ b: UnsafePointer<Float>, ldb: Int, opB: Operand = .plain,
    into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    let call = Call(
      m: m, n: n, k: k, a: a, rowStride: op == .plain ? lda : 1, columnStride: op == .plain ? 1 : lda,
      b: b, ldb: ldb, bTransposed: opB == .transposed, packed: nil, c: c, ldc: ldc, accumulate: accumulate)
    call.run()
  }

  /// `C[m, n] (+)= op(A)[m, k] · B` for a right-hand matrix prepared by `withPrepared`.
  public static func multiply(
    m: Int, _ a: UnsafePointer<Float>, lda: Int, op: Operand = .plain,
    _ b: Prepared, into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    let call = Call(
      m: m, n: b.n, k: b.k, a: a, rowStride: op == .plain ? lda : 1, columnStride: op == .plain ? 1 : lda,
      b: b.source, ldb: b.ldb, bTransposed: b.opB == .transposed, packed: b.packed, c: c, ldc: ldc,
      accumulate: accumulate)
    call.run()
  }

  /// A right-hand matrix `op(B)` (`[k, n]`) made ready once for many products with it — a
  /// recurrent kernel, multiplied once per time step. For products of four rows or more on the
  /// AVX2 kernel it is packed into the kernel's strip layout; otherwise it is used as stored.
  /// Valid only inside the `withPrepared` closure that made it.
  public struct Prepared {
    let k: Int, n: Int
    let source: UnsafePointer<Float>, ldb: Int, opB: Operand
    let packed: UnsafePointer<Float>?
  }

  /// Runs `body` with `op(B)` prepared for products of `rows` rows.
  /// - Parameter b: `[k, n]` with leading dimension `ldb`, or `[n, k]` when `opB` is `.transposed`.
  public static func withPrepared<R>(
    _ b: UnsafePointer<Float>, k: Int, n: Int, ldb: Int, opB: Operand = .plain, rows: Int,
    _ body: (Prepared) throws -> R
  ) rethrows -> R {
    guard rows >= 4, k > 0, n > 0, fk_packing_supported() != 0 else {
      return try body(Prepared(k: k, n: n, source: b, ldb: ldb, opB: opB, packed: nil))
    }
    var packed = [Float](repeating: 0, count: fk_packed_size(k, n))
    return try packed.withUnsafeMutableBufferPointer { buffer in
      fk_pack_b(k, n, b, ldb, opB == .transposed ? 1 : 0, buffer.baseAddress!)
      return try body(Prepared(k: k, n: n, source: b, ldb: ldb, opB: opB, packed: buffer.baseAddress!))
    }
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
      if parallel && m < 4 && packed == nil && !bTransposed && k >= 32 {
        runSplittingK()
      } else if parallel && rowStride == 1 && columnStride != 1 && packed == nil && m >= 32 && k < m {
        Parallel.halves(m, parallel: true, alignment: 4) { run(rows: $0) }
      } else {
        let alignment = packed == nil && bTransposed ? 4 : 16
        Parallel.halves(n, parallel: parallel, alignment: alignment) { run(columns: $0) }
      }
    }

    /// C (+)= A[:, first half of k] · B[first half, :] + A[:, second half] · B[second half, :],
    /// the second product into scratch on the other core, added after the join.
    private func runSplittingK() {
      withUnsafeTemporaryAllocation(of: Float.self, capacity: m * n) { scratch in
        let partial = scratch.baseAddress!
        Parallel.halves(k, parallel: true, alignment: 8) { range in
          let a = self.a + range.lowerBound * columnStride, b = self.b + range.lowerBound * ldb
          if range.lowerBound == 0 {
            fk_sgemm(m, n, range.count, a, rowStride, columnStride, b, ldb, 0, c, ldc, accumulate ? 1 : 0)
          } else {
            fk_sgemm(m, n, range.count, a, rowStride, columnStride, b, ldb, 0, partial, n, 0)
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
  public static func referenceMultiply(
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

  /// The name of the kernels this processor runs: `avx2-fma` or `portable`.
  public static var kernelName: String { String(cString: fk_kernel_name()) }
}
