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
// MARK: - Vector kernels (lstm_cells_body.h): 8 lanes on AVX2, 16 on AVX-512

/// Units per pass of the forward (FORWARD_ROWS): their gates wait in a local array between passes.
#define CHUNK 64

/// The fewest batch rows whose cells run on 512-bit vectors where the processor has AVX-512: the
/// rows from which the step's products are packed (and so run AVX-512's pair kernels). Below, with
/// 256-bit GEMVs and dot products, 512-bit cells lowered the core's clock for all of them (the
/// reference network, one row: 13.0 ms an epoch fastest with 256-bit cells, 16.0 with 512-bit
/// ones, `forecast bench`, ten interleaved rounds); with the GEMVs and dot products on 512-bit
/// vectors too, the two are within this machine's noise (11.8 against 11.2 ms fastest on one
/// thread, 13.0 against 14.4 on two), so fewer rows keep 256-bit cells.
#define AVX512_ROWS 4
#include "vector_ops_avx2.h"
#include "lstm_cells_body.h"
#include "vector_ops_end.h"
#include "vector_ops_avx512.h"
#include "lstm_cells_body.h"
#include "vector_ops_end.h"
#endif

// MARK: - Dispatch

/// The forward's vector kernels, for fk_lstm_forward_units and fk_lstm_forward_units_column: 0
/// where this processor has none (the caller then runs the scalar forms).
static int forward_vectors(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *x,
                           const float *column, const float *kernel, const float *bias, const float *r,
                           const float *c_prev, float *c, float *h, float *tape, int activation, int recurrent_activation) {
#if FK_X86
  // The kernel of the activations' pair at the widest vectors this processor runs.
#define FORWARD(W)                                                                                  \
  (sigmoid && activation == FK_TANH ? forward_tanh_sigmoid##W                                       \
   : sigmoid && activation == FK_RELU ? forward_relu_sigmoid##W : forward_any##W)(                 \
      units, from, to, rows, x, column, kernel, bias, r, c_prev, c, h, tape, activation, recurrent_activation)
  const int sigmoid = recurrent_activation == FK_SIGMOID;
  if (fk_has_avx512() && rows >= AVX512_ROWS) {
    FORWARD(16);
    return 1;
  }
  if (fk_has_avx2_fma()) {
    FORWARD(8);
    return 1;
  }
#undef FORWARD
#endif
  (void)units, (void)from, (void)to, (void)rows, (void)x, (void)column, (void)kernel, (void)bias, (void)r;
  (void)c_prev, (void)c, (void)h, (void)tape, (void)activation, (void)recurrent_activation;
  return 0;
}

void fk_lstm_forward_units(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *x, const float *r,
                           const float *c_prev, float *c, float *h, float *tape, int activation, int recurrent_activation) {
  if (forward_vectors(units, from, to, rows, x, NULL, NULL, NULL, r, c_prev, c, h, tape, activation, recurrent_activation))
    return;
  for (ptrdiff_t b = 0; b < rows; b++)
    lstm_forward_scalar(units, from, to, x + b * 4 * units, r + b * 4 * units, c_prev + b * units, c + b * units,
                        h + b * units, tape ? tape + b * 5 * units : NULL, activation, recurrent_activation);
}

int fk_lstm_forward_units_column(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *column,
                                 const float *kernel, const float *bias, const float *r, const float *c_prev, float *c,
                                 float *h, float *tape, int activation, int recurrent_activation) {
  // Where fk_sgemm_column_bias makes the projection (whose values these are), and only there.
  if (!fk_sgemm_column_bias_available()) return 0;
  return forward_vectors(units, from, to, rows, NULL, column, kernel, bias, r, c_prev, c, h, tape, activation,
                         recurrent_activation);
}

void fk_lstm_backward_units(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *tape, const float *c_prev,
                            const float *dh, float *dc, float *dz, int activation, int recurrent_activation) {
#if FK_X86
#define BACKWARD(W)                                                                                 \
  (sigmoid && activation == FK_TANH ? backward_tanh_sigmoid##W                                      \
   : sigmoid && activation == FK_RELU ? backward_relu_sigmoid##W : backward_any##W)(               \
      units, from, to, rows, tape, c_prev, dh, dc, dz, activation, recurrent_activation)
  const int sigmoid = recurrent_activation == FK_SIGMOID;
  if (fk_has_avx512() && rows >= AVX512_ROWS) {
    BACKWARD(16);
    return;
  }
  if (fk_has_avx2_fma()) {
    BACKWARD(8);
    return;
  }
#undef BACKWARD
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
