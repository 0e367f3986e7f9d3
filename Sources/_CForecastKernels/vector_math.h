// Internal to _CForecastKernels: vector maths shared by the elementwise and cell kernels.
#ifndef FK_VECTOR_MATH_H
#define FK_VECTOR_MATH_H

#include "dispatch.h"

#if FK_X86
#include "forecast_kernels.h"

/// e^x for 8 floats: Cephes' expf (range reduction by ln 2 in two parts, degree-6 polynomial),
/// a few ulp from libm's.
FK_AVX2 static inline __m256 exp_avx2(__m256 x) {
  x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3365f)), _mm256_set1_ps(88.3762626647949f));
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

/// 1/d to about one unit in the last place: the hardware estimate refined by one Newton step
/// (a division costs several times as much).
FK_AVX2 static inline __m256 reciprocal(__m256 d) {
  const __m256 r = _mm256_rcp_ps(d);
  return _mm256_fmadd_ps(r, _mm256_fnmadd_ps(d, r, _mm256_set1_ps(1.0f)), r);
}

/// One vector of an activation; shared by the activation and the fused LSTM kernels.
FK_AVX2 static inline __attribute__((always_inline)) __m256 fk_activate8(int activation, __m256 v) {
  const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
  switch (activation) {
    case FK_RELU: return _mm256_max_ps(v, zero);
    case FK_SIGMOID: return reciprocal(_mm256_add_ps(one, exp_avx2(_mm256_sub_ps(zero, v))));
    case FK_TANH: {
      // tanh|x| = 1 − 2/(e^{2|x|} + 1), sign restored; saturates to ±1 past |x| = 9.
      const __m256 sign = _mm256_and_ps(v, _mm256_set1_ps(-0.0f));
      const __m256 magnitude = _mm256_min_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), v), _mm256_set1_ps(9.0f));
      const __m256 e = exp_avx2(_mm256_add_ps(magnitude, magnitude));
      const __m256 two_over = _mm256_mul_ps(_mm256_set1_ps(2.0f), reciprocal(_mm256_add_ps(e, one)));
      return _mm256_or_ps(_mm256_sub_ps(one, two_over), sign);
    }
    case FK_HARD_SIGMOID:
      return _mm256_div_ps(_mm256_min_ps(_mm256_max_ps(_mm256_add_ps(v, _mm256_set1_ps(3.0f)), zero), _mm256_set1_ps(6.0f)), _mm256_set1_ps(6.0f));
    default: return v;
  }
}
#endif

#endif
