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

/// Eight parameters at a time, the last n mod 8 through the scalar forms (the same values).
FK_AVX2 static void adam_avx2(ptrdiff_t n, float *p, const float *g, float *m, float *v,
                              float alpha, float b1c, float b2c, float epsilon) {
  const __m256 va = _mm256_set1_ps(alpha), vb1 = _mm256_set1_ps(b1c), vb2 = _mm256_set1_ps(b2c);
  const __m256 veps = _mm256_set1_ps(epsilon);
  const __m256i all = _mm256_set1_epi32(-1);
  ptrdiff_t i = 0;
  for (; i + 8 <= n; i += 8) fk_adam8(1, all, p + i, _mm256_loadu_ps(g + i), m + i, v + i, va, vb1, vb2, veps);
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
