// Elementwise kernels: activations with a vectorised exp, and the Adam update.
#include "forecast_kernels.h"
#include "dispatch.h"
#include "vector_math.h"

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
      case FK_RELU: x[i] = x[i] < 0.0f ? 0.0f : x[i]; break;
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

void fk_add(ptrdiff_t m, ptrdiff_t n, const float *src, ptrdiff_t lds, float *dst, ptrdiff_t ldd) {
  // Plain loops: the compiler vectorises them (with a run-time check that the rows do not overlap).
  for (ptrdiff_t i = 0; i < m; i++) {
    const float *s = src + i * lds;
    float *d = dst + i * ldd;
    for (ptrdiff_t j = 0; j < n; j++) d[j] += s[j];
  }
}

void fk_activate(int activation, float *x, ptrdiff_t n) {
  if (activation == FK_LINEAR || n <= 0) return;
#if FK_X86
  if (fk_has_avx2_fma()) {
    activate_avx2(activation, x, n);
  } else {
    activate_scalar(activation, x, n);
  }
#else
  activate_scalar(activation, x, n);
#endif
  fk_apply_test_fault(activation, x, n);
}

void fk_adam(ptrdiff_t n, float *p, const float *g, float *m, float *v,
             float alpha, float b1c, float b2c, float epsilon) {
#if FK_X86
  if (fk_has_avx2_fma()) { adam_avx2(n, p, g, m, v, alpha, b1c, b2c, epsilon); return; }
#endif
  adam_scalar(n, p, g, m, v, alpha, b1c, b2c, epsilon);
}
