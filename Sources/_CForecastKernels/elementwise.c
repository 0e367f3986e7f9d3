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

/// Adam on 8 parameters at p (the lanes of `mask` unless `full`), with √v and the division from
/// refined hardware estimates: within a few units in the last place of the exact forms, at a
/// fraction of the cost of vsqrtps and vdivps.
FK_AVX2 static inline __attribute__((always_inline)) void adam8(
    int full, __m256i mask, float *p, const float *g, float *m, float *v, __m256 va, __m256 vb1, __m256 vb2,
    __m256 veps) {
#define LOAD(x) (full ? _mm256_loadu_ps(x) : _mm256_maskload_ps((x), mask))
#define STORE(x, y) (full ? _mm256_storeu_ps((x), (y)) : _mm256_maskstore_ps((x), mask, (y)))
  const __m256 tiny = _mm256_set1_ps(1e-30f), half = _mm256_set1_ps(0.5f), three_halves = _mm256_set1_ps(1.5f);
  const __m256 gi = LOAD(g);
  __m256 mi = LOAD(m), vi = LOAD(v);
  mi = _mm256_add_ps(mi, _mm256_mul_ps(_mm256_sub_ps(gi, mi), vb1));
  vi = _mm256_add_ps(vi, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gi, gi), vi), vb2));
  // √v = v · (1/√v), the estimate refined by one Newton step; v = 0 gives 0.
  const __m256 vm = _mm256_max_ps(vi, tiny);
  __m256 y = _mm256_rsqrt_ps(vm);
  y = _mm256_mul_ps(y, _mm256_fnmadd_ps(_mm256_mul_ps(half, vm), _mm256_mul_ps(y, y), three_halves));
  const __m256 denominator = _mm256_add_ps(_mm256_mul_ps(vi, y), veps);
  const __m256 step = _mm256_mul_ps(_mm256_mul_ps(mi, va), reciprocal(denominator));
  STORE(m, mi);
  STORE(v, vi);
  STORE(p, _mm256_sub_ps(LOAD(p), step));
#undef LOAD
#undef STORE
}

/// Parameters [0, exact_from) through the vector forms (the last few with masked loads and stores),
/// the rest through the exact scalar forms.
FK_AVX2 static void adam_avx2(ptrdiff_t n, ptrdiff_t exact_from, float *p, const float *g, float *m, float *v,
                              float alpha, float b1c, float b2c, float epsilon) {
  const __m256 va = _mm256_set1_ps(alpha), vb1 = _mm256_set1_ps(b1c), vb2 = _mm256_set1_ps(b2c);
  const __m256 veps = _mm256_set1_ps(epsilon);
  const __m256i all = _mm256_set1_epi32(-1);
  ptrdiff_t i = 0;
  for (; i + 8 <= exact_from; i += 8) adam8(1, all, p + i, g + i, m + i, v + i, va, vb1, vb2, veps);
  if (i < exact_from) {
    const __m256i mask =
        _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(exact_from - i)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    adam8(0, mask, p + i, g + i, m + i, v + i, va, vb1, vb2, veps);
  }
  adam_scalar(n - exact_from, p + exact_from, g + exact_from, m + exact_from, v + exact_from, alpha, b1c, b2c, epsilon);
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
  fk_adam_part(n, n - n % 8, p, g, m, v, alpha, b1c, b2c, epsilon);
}

void fk_adam_part(ptrdiff_t n, ptrdiff_t exact_from, float *p, const float *g, float *m, float *v,
                  float alpha, float b1c, float b2c, float epsilon) {
#if FK_X86
  if (fk_has_avx2_fma()) { adam_avx2(n, exact_from, p, g, m, v, alpha, b1c, b2c, epsilon); return; }
#endif
  adam_scalar(n, p, g, m, v, alpha, b1c, b2c, epsilon);
}
