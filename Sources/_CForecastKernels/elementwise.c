// Elementwise kernels: activations with a vectorised exp, and the Adam update.
#include "forecast_kernels.h"
#include "dispatch.h"

#include <math.h>

// Results must not depend on whether the compiler fuses a*b+c: keep the written rounding.
#pragma STDC FP_CONTRACT OFF

// MARK: - Scalar (portable) forms, also the tails of the vector loops

static inline float sigmoid_scalar(float x) { return 1.0f / (1.0f + expf(-x)); }

/// Keras 3: relu6(x + 3) / 6.
static inline float hard_sigmoid_scalar(float x) {
  float y = x + 3.0f;
  y = y < 0.0f ? 0.0f : (y > 6.0f ? 6.0f : y);
  return y / 6.0f;
}

static void activate_scalar(int activation, float *x, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; i++) {
    switch (activation) {
      case FK_RELU: x[i] = x[i] > 0.0f ? x[i] : 0.0f; break;
      case FK_TANH: x[i] = tanhf(x[i]); break;
      case FK_SIGMOID: x[i] = sigmoid_scalar(x[i]); break;
      case FK_HARD_SIGMOID: x[i] = hard_sigmoid_scalar(x[i]); break;
      default: break;
    }
  }
}

static void adam_scalar(ptrdiff_t n, float *p, const float *g, float *m, float *v,
                        float alpha, float b1c, float b2c, float epsilon) {
  for (ptrdiff_t i = 0; i < n; i++) {
    m[i] += (g[i] - m[i]) * b1c;
    v[i] += (g[i] * g[i] - v[i]) * b2c;
    p[i] -= (m[i] * alpha) / (sqrtf(v[i]) + epsilon);
  }
}

#if FK_X86
// MARK: - AVX2

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

/// One vector of an activation; shared with the fused LSTM kernels.
FK_AVX2 __m256 fk_activate8(int activation, __m256 v) {
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

FK_AVX2 static void activate_avx2(int activation, float *x, ptrdiff_t n) {
  ptrdiff_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, fk_activate8(activation, _mm256_loadu_ps(x + i)));
  activate_scalar(activation, x + i, n - i);
}

/// Adam with √v and the division from refined hardware estimates: within a few units in the
/// last place of the exact forms, at a fraction of the cost of vsqrtps and vdivps.
FK_AVX2 static void adam_avx2(ptrdiff_t n, float *p, const float *g, float *m, float *v,
                              float alpha, float b1c, float b2c, float epsilon) {
  const __m256 va = _mm256_set1_ps(alpha), vb1 = _mm256_set1_ps(b1c), vb2 = _mm256_set1_ps(b2c);
  const __m256 veps = _mm256_set1_ps(epsilon), tiny = _mm256_set1_ps(1e-30f);
  const __m256 half = _mm256_set1_ps(0.5f), three_halves = _mm256_set1_ps(1.5f);
  ptrdiff_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 gi = _mm256_loadu_ps(g + i);
    __m256 mi = _mm256_loadu_ps(m + i), vi = _mm256_loadu_ps(v + i);
    mi = _mm256_add_ps(mi, _mm256_mul_ps(_mm256_sub_ps(gi, mi), vb1));
    vi = _mm256_add_ps(vi, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gi, gi), vi), vb2));
    // √v = v · (1/√v), the estimate refined by one Newton step; v = 0 gives 0.
    const __m256 vm = _mm256_max_ps(vi, tiny);
    __m256 y = _mm256_rsqrt_ps(vm);
    y = _mm256_mul_ps(y, _mm256_fnmadd_ps(_mm256_mul_ps(half, vm), _mm256_mul_ps(y, y), three_halves));
    const __m256 denominator = _mm256_add_ps(_mm256_mul_ps(vi, y), veps);
    const __m256 step = _mm256_mul_ps(_mm256_mul_ps(mi, va), reciprocal(denominator));
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_loadu_ps(p + i), step));
  }
  adam_scalar(n - i, p + i, g + i, m + i, v + i, alpha, b1c, b2c, epsilon);
}
#endif

// MARK: - Dispatch

void fk_activate(int activation, float *x, ptrdiff_t n) {
  if (activation == FK_LINEAR || n <= 0) return;
#if FK_X86
  if (fk_has_avx2_fma()) { activate_avx2(activation, x, n); return; }
#endif
  activate_scalar(activation, x, n);
}

void fk_adam(ptrdiff_t n, float *p, const float *g, float *m, float *v,
             float alpha, float b1c, float b2c, float epsilon) {
#if FK_X86
  if (fk_has_avx2_fma()) { adam_avx2(n, p, g, m, v, alpha, b1c, b2c, epsilon); return; }
#endif
  adam_scalar(n, p, g, m, v, alpha, b1c, b2c, epsilon);
}
