// The LSTM cell's gate maths, fused and vectorised: a range of units of one or more batch rows
// per call, gates i, f, c, o in blocks of `units`, as Keras lays them out.
#include "forecast_kernels.h"
#include "dispatch.h"
#include "vector_math.h"

#include <math.h>

#pragma STDC FP_CONTRACT OFF

// MARK: - Scalar forms (the vector loops' tails, and machines without AVX2)

static inline float activate1(int kind, float x) {
  switch (kind) {
    case FK_RELU: return x < 0.0f ? 0.0f : x;
    case FK_TANH: return tanhf(x);
    case FK_SIGMOID: return 1.0f / (1.0f + expf(-x));
    case FK_HARD_SIGMOID: { float y = x + 3.0f; y = y < 0.0f ? 0.0f : (y > 6.0f ? 6.0f : y); return y / 6.0f; }
    default: return x;
  }
}

/// The derivative at the point whose activation is y.
static inline float derivative1(int kind, float y) {
  switch (kind) {
    case FK_RELU: return y > 0.0f ? 1.0f : 0.0f;
    case FK_TANH: return 1.0f - y * y;
    case FK_SIGMOID: return y * (1.0f - y);
    case FK_HARD_SIGMOID: return y > 0.0f && y < 1.0f ? 1.0f / 6.0f : 0.0f;
    default: return 1.0f;
  }
}

static void lstm_forward_scalar(ptrdiff_t u, ptrdiff_t from, ptrdiff_t to, const float *x, const float *r,
                                const float *c_prev, float *c, float *h, float *tape, int act, int rec) {
  for (ptrdiff_t j = from; j < to; j++) {
    const float i = activate1(rec, x[j] + r[j]);
    const float f = activate1(rec, x[u + j] + r[u + j]);
    const float g = activate1(act, x[2 * u + j] + r[2 * u + j]);
    const float o = activate1(rec, x[3 * u + j] + r[3 * u + j]);
    c[j] = f * c_prev[j] + i * g;
    const float ac = activate1(act, c[j]);
    h[j] = o * ac;
    if (tape) { tape[j] = i; tape[u + j] = f; tape[2 * u + j] = g; tape[3 * u + j] = o; tape[4 * u + j] = ac; }
  }
}

static void lstm_backward_scalar(ptrdiff_t u, ptrdiff_t from, ptrdiff_t to, const float *tape, const float *c_prev,
                                 const float *dh, float *dc, float *dz, int act, int rec) {
  for (ptrdiff_t j = from; j < to; j++) {
    const float i = tape[j], f = tape[u + j], g = tape[2 * u + j], o = tape[3 * u + j], ac = tape[4 * u + j];
    const float total = dc[j] + dh[j] * o * derivative1(act, ac);
    dz[j] = total * g * derivative1(rec, i);
    dz[u + j] = total * c_prev[j] * derivative1(rec, f);
    dz[2 * u + j] = total * i * derivative1(act, g);
    dz[3 * u + j] = dh[j] * ac * derivative1(rec, o);
    dc[j] = total * f;
  }
}

#if FK_X86
// MARK: - AVX2

FK_AVX2 static inline __m256 derivative8(int kind, __m256 y) {
  const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
  switch (kind) {
    case FK_RELU: return _mm256_and_ps(_mm256_cmp_ps(y, zero, _CMP_GT_OQ), one);
    case FK_TANH: return _mm256_sub_ps(one, _mm256_mul_ps(y, y));
    case FK_SIGMOID: return _mm256_mul_ps(y, _mm256_sub_ps(one, y));
    case FK_HARD_SIGMOID: {
      const __m256 inside = _mm256_and_ps(_mm256_cmp_ps(y, zero, _CMP_GT_OQ), _mm256_cmp_ps(y, one, _CMP_LT_OQ));
      return _mm256_and_ps(inside, _mm256_set1_ps(1.0f / 6.0f));
    }
    default: return one;
  }
}

// Plain loads and stores in the main loop (full is a constant there); masked ones, of the lanes in
// `mask`, for the tail (masked stores are slow on some processors, so only where needed).
#define LOAD(p) (full ? _mm256_loadu_ps(p) : _mm256_maskload_ps((p), mask))
#define STORE(p, v) (full ? _mm256_storeu_ps((p), (v)) : _mm256_maskstore_ps((p), mask, (v)))

FK_AVX2 static inline __attribute__((always_inline)) void lstm_forward8(int full, ptrdiff_t u, ptrdiff_t j, __m256i mask, const float *x, const float *r,
                                         const float *c_prev, float *c, float *h, float *tape, int act, int rec) {
  const __m256 i = fk_activate8(rec, _mm256_add_ps(LOAD(x + j), LOAD(r + j)));
  const __m256 f = fk_activate8(rec, _mm256_add_ps(LOAD(x + u + j), LOAD(r + u + j)));
  const __m256 g = fk_activate8(act, _mm256_add_ps(LOAD(x + 2 * u + j), LOAD(r + 2 * u + j)));
  const __m256 o = fk_activate8(rec, _mm256_add_ps(LOAD(x + 3 * u + j), LOAD(r + 3 * u + j)));
  const __m256 cj = _mm256_add_ps(_mm256_mul_ps(f, LOAD(c_prev + j)), _mm256_mul_ps(i, g));
  const __m256 ac = fk_activate8(act, cj);
  STORE(c + j, cj);
  STORE(h + j, _mm256_mul_ps(o, ac));
  if (tape) {
    STORE(tape + j, i);
    STORE(tape + u + j, f);
    STORE(tape + 2 * u + j, g);
    STORE(tape + 3 * u + j, o);
    STORE(tape + 4 * u + j, ac);
  }
}

FK_AVX2 static inline __attribute__((always_inline)) void lstm_backward8(int full, ptrdiff_t u, ptrdiff_t j, __m256i mask, const float *tape, const float *c_prev,
                                          const float *dh, float *dc, float *dz, int act, int rec) {
  const __m256 i = LOAD(tape + j), f = LOAD(tape + u + j), g = LOAD(tape + 2 * u + j), o = LOAD(tape + 3 * u + j);
  const __m256 ac = LOAD(tape + 4 * u + j), dhj = LOAD(dh + j);
  const __m256 total = _mm256_add_ps(LOAD(dc + j), _mm256_mul_ps(_mm256_mul_ps(dhj, o), derivative8(act, ac)));
  STORE(dz + j, _mm256_mul_ps(_mm256_mul_ps(total, g), derivative8(rec, i)));
  STORE(dz + u + j, _mm256_mul_ps(_mm256_mul_ps(total, LOAD(c_prev + j)), derivative8(rec, f)));
  STORE(dz + 2 * u + j, _mm256_mul_ps(_mm256_mul_ps(total, i), derivative8(act, g)));
  STORE(dz + 3 * u + j, _mm256_mul_ps(_mm256_mul_ps(dhj, ac), derivative8(rec, o)));
  STORE(dc + j, _mm256_mul_ps(total, f));
}

#undef LOAD
#undef STORE

/// The forward over `rows` batch rows (x and r rows 4u apart, states u, the tape 5u), units
/// [from, to), for one pair of activations: a common pair is a pair of constants (see below), so
/// that the activations' switches fold away.
#define FORWARD_ROWS(NAME, ACT, REC)                                                               \
  FK_AVX2 static void NAME(ptrdiff_t u, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *x, \
                           const float *r, const float *c_prev, float *c, float *h, float *tape, int act, int rec) { \
    (void)act;                                                                                     \
    (void)rec;                                                                                     \
    const __m256i all = fk_lane_mask(8), mask = fk_lane_mask((to - from) % 8);                    \
    for (ptrdiff_t b = 0; b < rows; b++) {                                                         \
      const float *xb = x + b * 4 * u, *rb = r + b * 4 * u, *cp = c_prev + b * u;                  \
      float *cb = c + b * u, *hb = h + b * u, *tb = tape ? tape + b * 5 * u : NULL;                \
      ptrdiff_t j = from;                                                                          \
      for (; j + 8 <= to; j += 8) lstm_forward8(1, u, j, all, xb, rb, cp, cb, hb, tb, ACT, REC);   \
      if (j < to) lstm_forward8(0, u, j, mask, xb, rb, cp, cb, hb, tb, ACT, REC);                  \
    }                                                                                              \
  }
FORWARD_ROWS(forward_tanh_sigmoid, FK_TANH, FK_SIGMOID)
FORWARD_ROWS(forward_relu_sigmoid, FK_RELU, FK_SIGMOID)
FORWARD_ROWS(forward_any, act, rec)

/// The backward over `rows` batch rows (tape rows 5u apart, states and gradients u, dz 4u),
/// as FORWARD_ROWS.
#define BACKWARD_ROWS(NAME, ACT, REC)                                                              \
  FK_AVX2 static void NAME(ptrdiff_t u, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *tape, \
                           const float *c_prev, const float *dh, float *dc, float *dz, int act, int rec) { \
    (void)act;                                                                                     \
    (void)rec;                                                                                     \
    const __m256i all = fk_lane_mask(8), mask = fk_lane_mask((to - from) % 8);                    \
    for (ptrdiff_t b = 0; b < rows; b++) {                                                         \
      const float *tb = tape + b * 5 * u, *cp = c_prev + b * u, *dhb = dh + b * u;                 \
      float *dcb = dc + b * u, *dzb = dz + b * 4 * u;                                              \
      ptrdiff_t j = from;                                                                          \
      for (; j + 8 <= to; j += 8) lstm_backward8(1, u, j, all, tb, cp, dhb, dcb, dzb, ACT, REC);   \
      if (j < to) lstm_backward8(0, u, j, mask, tb, cp, dhb, dcb, dzb, ACT, REC);                  \
    }                                                                                              \
  }
BACKWARD_ROWS(backward_tanh_sigmoid, FK_TANH, FK_SIGMOID)
BACKWARD_ROWS(backward_relu_sigmoid, FK_RELU, FK_SIGMOID)
BACKWARD_ROWS(backward_any, act, rec)
#endif

// MARK: - Dispatch

void fk_lstm_forward_units(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *x, const float *r,
                           const float *c_prev, float *c, float *h, float *tape, int activation, int recurrent_activation) {
#if FK_X86
  if (fk_has_avx2_fma()) {
    const int sigmoid = recurrent_activation == FK_SIGMOID;
    if (sigmoid && activation == FK_TANH) forward_tanh_sigmoid(units, from, to, rows, x, r, c_prev, c, h, tape, activation, recurrent_activation);
    else if (sigmoid && activation == FK_RELU) forward_relu_sigmoid(units, from, to, rows, x, r, c_prev, c, h, tape, activation, recurrent_activation);
    else forward_any(units, from, to, rows, x, r, c_prev, c, h, tape, activation, recurrent_activation);
    return;
  }
#endif
  for (ptrdiff_t b = 0; b < rows; b++)
    lstm_forward_scalar(units, from, to, x + b * 4 * units, r + b * 4 * units, c_prev + b * units, c + b * units,
                        h + b * units, tape ? tape + b * 5 * units : NULL, activation, recurrent_activation);
}

void fk_lstm_backward_units(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *tape, const float *c_prev,
                            const float *dh, float *dc, float *dz, int activation, int recurrent_activation) {
#if FK_X86
  if (fk_has_avx2_fma()) {
    const int sigmoid = recurrent_activation == FK_SIGMOID;
    if (sigmoid && activation == FK_TANH) backward_tanh_sigmoid(units, from, to, rows, tape, c_prev, dh, dc, dz, activation, recurrent_activation);
    else if (sigmoid && activation == FK_RELU) backward_relu_sigmoid(units, from, to, rows, tape, c_prev, dh, dc, dz, activation, recurrent_activation);
    else backward_any(units, from, to, rows, tape, c_prev, dh, dc, dz, activation, recurrent_activation);
    return;
  }
#endif
  for (ptrdiff_t b = 0; b < rows; b++)
    lstm_backward_scalar(units, from, to, tape + b * 5 * units, c_prev + b * units, dh + b * units, dc + b * units,
                         dz + b * 4 * units, activation, recurrent_activation);
}

void fk_lstm_forward(ptrdiff_t units, const float *x, const float *r, const float *c_prev,
                     float *c, float *h, float *tape, int activation, int recurrent_activation) {
  fk_lstm_forward_units(units, 0, units, 1, x, r, c_prev, c, h, tape, activation, recurrent_activation);
}

void fk_lstm_backward(ptrdiff_t units, const float *tape, const float *c_prev, const float *dh,
                      float *dc, float *dz, int activation, int recurrent_activation) {
  fk_lstm_backward_units(units, 0, units, 1, tape, c_prev, dh, dc, dz, activation, recurrent_activation);
}
