// Internal to _CForecastKernels: vector maths shared by the elementwise and cell kernels.
#ifndef FK_VECTOR_MATH_H
#define FK_VECTOR_MATH_H

#include "dispatch.h"

#if FK_X86
#include "forecast_kernels.h"

#include <stdint.h>

/// The lanes [0, count) of a vector, for masked loads and stores (count ≤ 8).
FK_AVX2 static inline __m256i fk_lane_mask(ptrdiff_t count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Adam on 8 parameters at p (the lanes of `mask` unless `full`) with gradients gi, moments at m
/// and v, and fk_adam's constants broadcast: the exact forms (correctly rounded √v and division),
/// so the same bits on every processor. Shared by fk_adam and the training step's fused update,
/// which must agree bit for bit.
FK_AVX2 static inline __attribute__((always_inline)) void fk_adam8(
    int full, __m256i mask, float *p, __m256 gi, float *m, float *v, __m256 va, __m256 vb1, __m256 vb2, __m256 veps) {
#define LOAD(x) (full ? _mm256_loadu_ps(x) : _mm256_maskload_ps((x), mask))
#define STORE(x, y) (full ? _mm256_storeu_ps((x), (y)) : _mm256_maskstore_ps((x), mask, (y)))
  __m256 mi = LOAD(m), vi = LOAD(v);
  mi = _mm256_add_ps(mi, _mm256_mul_ps(_mm256_sub_ps(gi, mi), vb1));
  vi = _mm256_add_ps(vi, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gi, gi), vi), vb2));
  const __m256 step = _mm256_div_ps(_mm256_mul_ps(mi, va), _mm256_add_ps(_mm256_sqrt_ps(vi), veps));
  STORE(m, mi);
  STORE(v, vi);
  STORE(p, _mm256_sub_ps(LOAD(p), step));
#undef LOAD
#undef STORE
}

// The lane-wise maths, twice: 8 lanes (AVX2+FMA) and 16 (AVX-512F), the same operations on each
// lane, so the same values.
#include "vector_ops_avx2.h"
#include "vector_math_body.h"
#include "vector_ops_end.h"
#include "vector_ops_avx512.h"
#include "vector_math_body.h"
#include "vector_ops_end.h"
#endif

#endif
