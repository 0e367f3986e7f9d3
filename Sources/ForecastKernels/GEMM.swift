import _CForecastKernels

/// Single-precision matrix multiply, the one kernel every layer's forward and backward uses.
///
/// All matrices are row-major. `C (+)= op(A) · B`, where `op(A)` is `A` or `Aᵀ`; products with
/// `Bᵀ` are formed by the caller from a transposed copy (recurrent layers transpose their
/// weights once per batch, not once per time step).
public enum GEMM {
  /// Whether `A` enters the product as stored or transposed.
  public enum Operand: Sendable { case plain, transposed }

  /// `C[m, n] (+)= op(A)[m, k] · B[k, n]` with the SIMD kernel (AVX2+FMA where the processor has
  /// it, chosen at run time; a portable loop elsewhere).
  ///
  /// - Parameters:
  ///   - a: `[m, k]` (leading dimension `lda`) or, when `op` is `.transposed`, `[k, m]`.
  ///   - b: `[k, n]` with leading dimension `ldb`.
  ///   - c: `[m, n]` with leading dimension `ldc`.
  ///   - accumulate: add to `C` instead of overwriting it.
  @inlinable
  public static func multiply(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, lda: Int, op: Operand = .plain,
    _ b: UnsafePointer<Float>, ldb: Int,
    into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    let (rowStride, columnStride) = op == .plain ? (lda, 1) : (1, lda)
    fk_sgemm(m, n, k, a, rowStride, columnStride, b, ldb, c, ldc, accumulate ? 1 : 0)
  }

  /// The plain twin of `multiply`: three loops in `Double`-free `Float`, the oracle for tests.
  public static func referenceMultiply(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, lda: Int, op: Operand = .plain,
    _ b: UnsafePointer<Float>, ldb: Int,
    into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
  ) {
    for i in 0..<m {
      for j in 0..<n {
        var sum: Float = accumulate ? c[i * ldc + j] : 0
        for p in 0..<k {
          let aip = op == .plain ? a[i * lda + p] : a[p * lda + i]
          sum += aip * b[p * ldb + j]
        }
        c[i * ldc + j] = sum
      }
    }
  }

  /// The name of the kernel `multiply` runs on this processor: `avx2-fma` or `portable`.
  public static var kernelName: String { String(cString: fk_sgemm_kernel_name()) }
}
