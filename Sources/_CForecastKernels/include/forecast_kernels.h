// SIMD micro-kernels behind ForecastKernels. Not API: call them through ForecastKernels.GEMM.
#ifndef FORECAST_KERNELS_H
#define FORECAST_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// C[m, n] (=, or += when accumulate != 0) A[m, k] · B[k, n].
/// Element (i, p) of A is a[i * a_row_stride + p * a_column_stride] (so a transposed A is a
/// stride swap); B and C are row-major with leading dimensions ldb and ldc.
/// Dispatches once, at first use, to an AVX2+FMA kernel when the processor has it
/// (NEON on arm64 through the compiler's vectoriser), else a portable kernel.
void fk_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
              const float *b, ptrdiff_t ldb,
              float *c, ptrdiff_t ldc, int accumulate);

/// The name of the kernel fk_sgemm dispatches to ("avx2-fma" or "portable").
const char *fk_sgemm_kernel_name(void);

#ifdef __cplusplus
}
#endif

#endif
