import Dispatch
import _CForecastKernels

/// Single-precision matrix multiply, the one kernel every layer's forward and backward uses.
///
/// All matrices are row-major. `C (+)= op(A) · op(B)`, where `op(X)` is `X` or `Xᵀ`, so no
/// caller needs to transpose a matrix to multiply by it.
public enum GEMM {
  /// Whether an operand enters the product as stored or transposed.
  public enum Operand: Sendable { case plain, transposed }

  /// Products of at least this many multiply-adds are split across two threads (by columns of C).
  public static let parallelThreshold = 1 << 20

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
      m: m, k: k, a: a, rowStride: op == .plain ? lda : 1, columnStride: op == .plain ? 1 : lda,
      b: b, ldb: ldb, bTransposed: opB == .transposed, c: c, ldc: ldc, accumulate: accumulate)
    if m * n * k >= parallelThreshold && n >= 64 {
      // Halves on a multiple of 16 columns, so both threads run full SIMD strips.
      let split = (n / 2 + 15) / 16 * 16
      DispatchQueue.concurrentPerform(iterations: 2) { half in
        call.run(columns: half == 0 ? 0..<split : split..<n)
      }
    } else {
      call.run(columns: 0..<n)
    }
  }

  /// One product's arguments, shared by the threads that compute disjoint column ranges of C.
  /// `@unchecked Sendable`: the pointers stay valid for the whole synchronous `concurrentPerform`,
  /// the inputs are only read, and each thread writes only its own columns of C.
  private struct Call: @unchecked Sendable {
    let m: Int, k: Int
    let a: UnsafePointer<Float>, rowStride: Int, columnStride: Int
    let b: UnsafePointer<Float>, ldb: Int, bTransposed: Bool
    let c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool

    func run(columns: Range<Int>) {
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
