// Single-precision GEMM for the shapes recurrent layers make: C (+)= A·B with B row-major.
//
// Blocking: 4 rows × 16 columns of C live in eight AVX registers while the whole k loop runs
// (a broadcast of A times two vectors of B per step). When A has several row blocks, a 16-wide
// strip of B is first packed into a contiguous buffer so its k rows do not alias in L1 (a row
// stride of 4 KiB would put every row in the same cache set). Single rows (GEMV) use 64 columns
// at a time so eight independent FMA chains hide the FMA latency.
#include "forecast_kernels.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FK_X86 1
#endif

// MARK: - Portable kernel

static void sgemm_portable(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                           const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                           const float *b, ptrdiff_t ldb,
                           float *c, ptrdiff_t ldc, int accumulate) {
  for (ptrdiff_t i = 0; i < m; i++) {
    float *ci = c + i * ldc;
    if (!accumulate) memset(ci, 0, (size_t)n * sizeof(float));
    for (ptrdiff_t p = 0; p < k; p++) {
      const float aip = a[i * rsa + p * csa];
      const float *bp = b + p * ldb;
      for (ptrdiff_t j = 0; j < n; j++) ci[j] += aip * bp[j];
    }
  }
}

#if FK_X86
// MARK: - AVX2 + FMA kernel

__attribute__((target("avx2,fma")))
static inline __m256i tail_mask(ptrdiff_t count) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), lanes);
}

/// One row of C, columns [j0, n): 64, then 8, then a masked tail.
__attribute__((target("avx2,fma")))
static void row_avx2(ptrdiff_t n, ptrdiff_t k, const float *ai, ptrdiff_t csa,
                     const float *b, ptrdiff_t ldb, float *ci, int accumulate) {
  ptrdiff_t j = 0;
  for (; j + 64 <= n; j += 64) {
    __m256 acc[8];
    for (int v = 0; v < 8; v++)
      acc[v] = accumulate ? _mm256_loadu_ps(ci + j + 8 * v) : _mm256_setzero_ps();
    for (ptrdiff_t p = 0; p < k; p++) {
      const __m256 av = _mm256_set1_ps(ai[p * csa]);
      const float *bp = b + p * ldb + j;
      for (int v = 0; v < 8; v++) acc[v] = _mm256_fmadd_ps(av, _mm256_loadu_ps(bp + 8 * v), acc[v]);
    }
    for (int v = 0; v < 8; v++) _mm256_storeu_ps(ci + j + 8 * v, acc[v]);
  }
  for (; j < n; j += 8) {
    const ptrdiff_t width = n - j < 8 ? n - j : 8;
    const __m256i mask = tail_mask(width);
    __m256 acc0 = accumulate ? _mm256_maskload_ps(ci + j, mask) : _mm256_setzero_ps();
    __m256 acc1 = _mm256_setzero_ps();
    ptrdiff_t p = 0;
    for (; p + 2 <= k; p += 2) {
      acc0 = _mm256_fmadd_ps(_mm256_set1_ps(ai[p * csa]), _mm256_maskload_ps(b + p * ldb + j, mask), acc0);
      acc1 = _mm256_fmadd_ps(_mm256_set1_ps(ai[(p + 1) * csa]), _mm256_maskload_ps(b + (p + 1) * ldb + j, mask), acc1);
    }
    if (p < k) acc0 = _mm256_fmadd_ps(_mm256_set1_ps(ai[p * csa]), _mm256_maskload_ps(b + p * ldb + j, mask), acc0);
    _mm256_maskstore_ps(ci + j, mask, _mm256_add_ps(acc0, acc1));
  }
}

/// Four rows of C times one 16-column strip of B (bs, row stride ldbs).
__attribute__((target("avx2,fma")))
static inline void block4x16_avx2(ptrdiff_t k, const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                                  const float *bs, ptrdiff_t ldbs, float *c, ptrdiff_t ldc,
                                  int accumulate) {
  __m256 c00, c01, c10, c11, c20, c21, c30, c31;
  if (accumulate) {
    c00 = _mm256_loadu_ps(c);           c01 = _mm256_loadu_ps(c + 8);
    c10 = _mm256_loadu_ps(c + ldc);     c11 = _mm256_loadu_ps(c + ldc + 8);
    c20 = _mm256_loadu_ps(c + 2 * ldc); c21 = _mm256_loadu_ps(c + 2 * ldc + 8);
    c30 = _mm256_loadu_ps(c + 3 * ldc); c31 = _mm256_loadu_ps(c + 3 * ldc + 8);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = _mm256_setzero_ps();
  }
  const float *a0 = a, *a1 = a + rsa, *a2 = a + 2 * rsa, *a3 = a + 3 * rsa;
  for (ptrdiff_t p = 0; p < k; p++) {
    const __m256 b0 = _mm256_loadu_ps(bs + p * ldbs);
    const __m256 b1 = _mm256_loadu_ps(bs + p * ldbs + 8);
    const ptrdiff_t off = p * csa;
    __m256 av = _mm256_set1_ps(a0[off]);
    c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_set1_ps(a1[off]);
    c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_set1_ps(a2[off]);
    c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_set1_ps(a3[off]);
    c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
  }
  _mm256_storeu_ps(c, c00);           _mm256_storeu_ps(c + 8, c01);
  _mm256_storeu_ps(c + ldc, c10);     _mm256_storeu_ps(c + ldc + 8, c11);
  _mm256_storeu_ps(c + 2 * ldc, c20); _mm256_storeu_ps(c + 2 * ldc + 8, c21);
  _mm256_storeu_ps(c + 3 * ldc, c30); _mm256_storeu_ps(c + 3 * ldc + 8, c31);
}

__attribute__((target("avx2,fma")))
static void sgemm_avx2(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                       const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                       const float *b, ptrdiff_t ldb,
                       float *c, ptrdiff_t ldc, int accumulate) {
  const ptrdiff_t m4 = m - m % 4;
  const ptrdiff_t n16 = n - n % 16;
  if (m4 > 0 && n16 > 0) {
    // Pack a strip only when it is reused by more than one row block.
    float *packed = m4 > 4 ? (float *)malloc((size_t)k * 16 * sizeof(float)) : NULL;
    for (ptrdiff_t j = 0; j < n16; j += 16) {
      const float *strip = b + j;
      ptrdiff_t ld = ldb;
      if (packed) {
        for (ptrdiff_t p = 0; p < k; p++) memcpy(packed + p * 16, b + p * ldb + j, 16 * sizeof(float));
        strip = packed;
        ld = 16;
      }
      for (ptrdiff_t i = 0; i < m4; i += 4)
        block4x16_avx2(k, a + i * rsa, rsa, csa, strip, ld, c + i * ldc + j, ldc, accumulate);
    }
    free(packed);
    // Columns past the last full strip, for the blocked rows.
    if (n16 < n)
      for (ptrdiff_t i = 0; i < m4; i++)
        row_avx2(n - n16, k, a + i * rsa, csa, b + n16, ldb, c + i * ldc + n16, accumulate);
  } else {
    for (ptrdiff_t i = 0; i < m4; i++)
      row_avx2(n, k, a + i * rsa, csa, b, ldb, c + i * ldc, accumulate);
  }
  for (ptrdiff_t i = m4; i < m; i++)
    row_avx2(n, k, a + i * rsa, csa, b, ldb, c + i * ldc, accumulate);
}
#endif

// MARK: - Dispatch

typedef void (*sgemm_fn)(ptrdiff_t, ptrdiff_t, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t,
                         const float *, ptrdiff_t, float *, ptrdiff_t, int);

static int has_avx2_fma(void) {
#if FK_X86
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

static sgemm_fn selected_kernel(void) {
  // Racing first calls pick the same kernel, so the unsynchronised cache is benign.
  static sgemm_fn kernel = NULL;
  if (!kernel) {
#if FK_X86
    kernel = has_avx2_fma() ? sgemm_avx2 : sgemm_portable;
#else
    kernel = sgemm_portable;
#endif
  }
  return kernel;
}

void fk_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
              const float *b, ptrdiff_t ldb,
              float *c, ptrdiff_t ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (ptrdiff_t i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
    return;
  }
  selected_kernel()(m, n, k, a, a_row_stride, a_column_stride, b, ldb, c, ldc, accumulate);
}

const char *fk_sgemm_kernel_name(void) {
#if FK_X86
  return selected_kernel() == sgemm_avx2 ? "avx2-fma" : "portable";
#else
  return "portable";
#endif
}
