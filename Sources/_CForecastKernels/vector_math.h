// Internal to _CForecastKernels: vector maths shared by the elementwise and cell kernels.
#ifndef FK_VECTOR_MATH_H
#define FK_VECTOR_MATH_H

#include "dispatch.h"

#if FK_X86
#include "forecast_kernels.h"

/// e^x for 8 floats: Cephes' expf (range reduction by ln 2 in two parts, degree-6 polynomial),
/// x clamped to [−87.34, 88.38] (so e^x stays a normal float); NaN stays NaN.
FK_AVX2 static inline __m256 exp_avx2(__m256 x) {
  // min/max return their second operand when either is NaN: x goes second so NaN propagates.
  x = _mm256_min_ps(_mm256_set1_ps(88.3762626647949f), _mm256_max_ps(_mm256_set1_ps(-87.3365f), x));
  __m256 fx = _mm256_floor_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), _mm256_set1_ps(0.5f)));
  x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
  x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), x);
  __m256 y = _mm256_set1_ps(1.9875691500e-4f);
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.3981999507e-3f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(8.3334519073e-3f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(4.1665795894e-2f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.6666665459e-1f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(5.0000001201e-1f));
  y = _mm256_fmadd_ps(y, _mm256_mul_ps(x, x), _mm256_add_ps(x, _mm256_set1_ps(1.0f)));
  const __m256i exponent = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(fx), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(y, _mm256_castsi256_ps(exponent));
}

/// 1/d, correctly rounded. A division, not the hardware estimate (vrcpps): the estimate differs
/// between Intel's and AMD's processors, and so would every value computed from it.
FK_AVX2 static inline __m256 reciprocal(__m256 d) { return _mm256_div_ps(_mm256_set1_ps(1.0f), d); }

/// tanh for 8 floats, as Cephes' tanhf: below |x| = 0.625 the odd polynomial
/// x + x³·P(x²) (no cancellation near 0, exact for subnormals); above, 1 − 2/(e^{2|x|} + 1) with
/// the sign restored, |x| clamped to 9 (where tanh rounds to 1). NaN stays NaN.
FK_AVX2 static inline __m256 tanh_avx2(__m256 v) {
  const __m256 sign_bit = _mm256_set1_ps(-0.0f), one = _mm256_set1_ps(1.0f);
  const __m256 magnitude = _mm256_andnot_ps(sign_bit, v);
  const __m256 z = _mm256_mul_ps(v, v);
  __m256 p = _mm256_set1_ps(-5.70498872745e-3f);
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(2.06390887954e-2f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-5.37397155531e-2f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(1.33314422036e-1f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-3.33332819422e-1f));
  const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), v, v);
  const __m256 clamped = _mm256_min_ps(_mm256_set1_ps(9.0f), magnitude);  // NaN propagates
  const __m256 e = exp_avx2(_mm256_add_ps(clamped, clamped));
  const __m256 two_over = _mm256_mul_ps(_mm256_set1_ps(2.0f), reciprocal(_mm256_add_ps(e, one)));
  const __m256 large = _mm256_or_ps(_mm256_sub_ps(one, two_over), _mm256_and_ps(v, sign_bit));
  return _mm256_blendv_ps(large, small, _mm256_cmp_ps(magnitude, _mm256_set1_ps(0.625f), _CMP_LT_OQ));
}

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

/// One vector of an activation; shared by the activation and the fused LSTM kernels. NaN in
/// gives NaN out for every activation (relu and hard sigmoid included), as the scalar forms do.
FK_AVX2 static inline __attribute__((always_inline)) __m256 fk_activate8(int activation, __m256 v) {
  const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
  switch (activation) {
    case FK_RELU: return _mm256_max_ps(zero, v);  // v second: NaN propagates
    case FK_SIGMOID: return reciprocal(_mm256_add_ps(one, exp_avx2(_mm256_sub_ps(zero, v))));
    case FK_TANH: return tanh_avx2(v);
    case FK_HARD_SIGMOID: {
      const __m256 clipped = _mm256_min_ps(_mm256_set1_ps(6.0f), _mm256_max_ps(zero, _mm256_add_ps(v, _mm256_set1_ps(3.0f))));
      return _mm256_div_ps(clipped, _mm256_set1_ps(6.0f));
    }
    default: return v;
  }
}
#endif

#endif
