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
