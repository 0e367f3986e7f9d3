// Internal to _CForecastKernels: the LSTM cell kernels of lstm.c, written once over the operations
// of vector_ops_avx2.h or vector_ops_avx512.h (and vector_math_body.h's maths) and included after
// one of them. Every function is VM(name): name8 or name16.

// Plain loads and stores in the main loops (full is a constant there); masked ones, of the lanes
// in `mask`, for the tail (masked stores are slow on some processors, so only where needed).
#define LOAD(p) (full ? VM_LOADU(p) : VM_LOAD_LANES((p), mask))
#define STORE(p, v) (full ? VM_STOREU((p), (v)) : VM_STORE_LANES((p), mask, (v)))

/// The gates' activations of one vector of units (the lanes of `mask` unless full) at j, into
/// gates[g·CHUNK + k] for gate g (i, f, g, o) and k = j − j0: four independent chains. The input
/// projection is x's, or, with a kernel, made here for one feature xt (broadcast) as
/// fk_sgemm_column_bias makes it: one multiply-add from the bias (or from +0).
VM_TARGET static inline __attribute__((always_inline)) void VM(gates)(int full, ptrdiff_t u, ptrdiff_t j, ptrdiff_t k,
                                                                    VM_LANE_MASK mask, const float *x, VM_VEC xt,
                                                                    const float *kernel, const float *bias,
                                                                    const float *r, float *gates, int act, int rec) {
  for (int g = 0; g < 4; g++) {
    const VM_VEC projection =
        kernel ? VM_FMADD(xt, LOAD(kernel + g * u + j), bias ? LOAD(bias + g * u + j) : VM_ZERO()) : LOAD(x + g * u + j);
    const VM_VEC z = VM_ADD(projection, LOAD(r + g * u + j));
    VM_STOREU(gates + g * CHUNK + k, VM(fk_activate)(g == 2 ? act : rec, z));
  }
}

/// The cells of one vector of units at j from their gates (as VM(gates) left them): c, h and
/// the tape.
VM_TARGET static inline __attribute__((always_inline)) void VM(cells)(int full, ptrdiff_t u, ptrdiff_t j, ptrdiff_t k,
                                                                    VM_LANE_MASK mask, const float *gates,
                                                                    const float *c_prev, float *c, float *h, float *tape,
                                                                    int act) {
  const VM_VEC i = VM_LOADU(gates + k), f = VM_LOADU(gates + CHUNK + k);
  const VM_VEC g = VM_LOADU(gates + 2 * CHUNK + k), o = VM_LOADU(gates + 3 * CHUNK + k);
  const VM_VEC cj = VM_ADD(VM_MUL(f, LOAD(c_prev + j)), VM_MUL(i, g));
  const VM_VEC ac = VM(fk_activate)(act, cj);
  STORE(c + j, cj);
  STORE(h + j, VM_MUL(o, ac));
  if (tape) {
    STORE(tape + j, i);
    STORE(tape + u + j, f);
    STORE(tape + 2 * u + j, g);
    STORE(tape + 3 * u + j, o);
    STORE(tape + 4 * u + j, ac);
  }
}

/// The backward of one vector of units at j: dz of the four gates and dc_prev.
VM_TARGET static inline __attribute__((always_inline)) void VM(lstm_backward)(int full, ptrdiff_t u, ptrdiff_t j,
                                                                            VM_LANE_MASK mask, const float *tape,
                                                                            const float *c_prev, const float *dh,
                                                                            float *dc, float *dz, int act, int rec) {
  const VM_VEC i = LOAD(tape + j), f = LOAD(tape + u + j), g = LOAD(tape + 2 * u + j), o = LOAD(tape + 3 * u + j);
  const VM_VEC ac = LOAD(tape + 4 * u + j), dhj = LOAD(dh + j);
  const VM_VEC total = VM_ADD(LOAD(dc + j), VM_MUL(VM_MUL(dhj, o), VM(derivative)(act, ac)));
  STORE(dz + j, VM_MUL(VM_MUL(total, g), VM(derivative)(rec, i)));
  STORE(dz + u + j, VM_MUL(VM_MUL(total, LOAD(c_prev + j)), VM(derivative)(rec, f)));
  STORE(dz + 2 * u + j, VM_MUL(VM_MUL(total, i), VM(derivative)(act, g)));
  STORE(dz + 3 * u + j, VM_MUL(VM_MUL(dhj, ac), VM(derivative)(rec, o)));
  STORE(dc + j, VM_MUL(total, f));
}

#undef LOAD
#undef STORE

/// The forward over `rows` batch rows (x and r rows 4u apart, states u, the tape 5u), units
/// [from, to), its input projection x's or, with a kernel, made from column[b] (one feature per
/// row), for one pair of activations: a common pair is a pair of constants (see below), so
/// that the activations' switches fold away. In two passes over each CHUNK of units — the four
/// gates' activations, then the cells — rather than one vector of units at a time: a vector's
/// gates, cell and tanh(c) make one long chain of dependent instructions (AVX2: about 110 cycles a
/// vector, against 93 in two passes, 64 rows × 256 units), where each pass's vectors are
/// independent and overlap (the same operations on each value, so the same bits).
#define FORWARD_ROWS(NAME, ACT, REC)                                                               \
  VM_TARGET static void VM(NAME)(ptrdiff_t u, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *x, \
                                 const float *column, const float *kernel, const float *bias, const float *r, \
                                 const float *c_prev, float *c, float *h, float *tape, int act, int rec) { \
    (void)act;                                                                                     \
    (void)rec;                                                                                     \
    float gates[4 * CHUNK] __attribute__((aligned(64)));                                           \
    const VM_LANE_MASK all = VM_FIRST_LANES(VM_LANES);                                             \
    for (ptrdiff_t b = 0; b < rows; b++) {                                                         \
      const float *xb = kernel ? NULL : x + b * 4 * u, *rb = r + b * 4 * u, *cp = c_prev + b * u;  \
      const VM_VEC xt = VM_SET1(kernel ? column[b] : 0.0f);                                        \
      float *cb = c + b * u, *hb = h + b * u, *tb = tape ? tape + b * 5 * u : NULL;                \
      for (ptrdiff_t j0 = from; j0 < to; j0 += CHUNK) {                                            \
        const ptrdiff_t j1 = to - j0 < CHUNK ? to : j0 + CHUNK;                                    \
        const VM_LANE_MASK mask = VM_FIRST_LANES((j1 - j0) % VM_LANES);                            \
        ptrdiff_t j = j0;                                                                          \
        for (; j + VM_LANES <= j1; j += VM_LANES)                                                  \
          VM(gates)(1, u, j, j - j0, all, xb, xt, kernel, bias, rb, gates, ACT, REC);              \
        if (j < j1) VM(gates)(0, u, j, j - j0, mask, xb, xt, kernel, bias, rb, gates, ACT, REC);   \
        for (j = j0; j + VM_LANES <= j1; j += VM_LANES) VM(cells)(1, u, j, j - j0, all, gates, cp, cb, hb, tb, ACT); \
        if (j < j1) VM(cells)(0, u, j, j - j0, mask, gates, cp, cb, hb, tb, ACT);                  \
      }                                                                                            \
    }                                                                                              \
  }
FORWARD_ROWS(forward_tanh_sigmoid, FK_TANH, FK_SIGMOID)
FORWARD_ROWS(forward_relu_sigmoid, FK_RELU, FK_SIGMOID)
FORWARD_ROWS(forward_any, act, rec)
#undef FORWARD_ROWS

/// The backward over `rows` batch rows (tape rows 5u apart, states and gradients u, dz 4u),
/// as FORWARD_ROWS (one pass: a vector's backward is a short chain).
#define BACKWARD_ROWS(NAME, ACT, REC)                                                              \
  VM_TARGET static void VM(NAME)(ptrdiff_t u, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *tape, \
                                 const float *c_prev, const float *dh, float *dc, float *dz, int act, int rec) { \
    (void)act;                                                                                     \
    (void)rec;                                                                                     \
    const VM_LANE_MASK all = VM_FIRST_LANES(VM_LANES), mask = VM_FIRST_LANES((to - from) % VM_LANES); \
    for (ptrdiff_t b = 0; b < rows; b++) {                                                         \
      const float *tb = tape + b * 5 * u, *cp = c_prev + b * u, *dhb = dh + b * u;                 \
      float *dcb = dc + b * u, *dzb = dz + b * 4 * u;                                              \
      ptrdiff_t j = from;                                                                          \
      for (; j + VM_LANES <= to; j += VM_LANES) VM(lstm_backward)(1, u, j, all, tb, cp, dhb, dcb, dzb, ACT, REC); \
      if (j < to) VM(lstm_backward)(0, u, j, mask, tb, cp, dhb, dcb, dzb, ACT, REC);              \
    }                                                                                              \
  }
BACKWARD_ROWS(backward_tanh_sigmoid, FK_TANH, FK_SIGMOID)
BACKWARD_ROWS(backward_relu_sigmoid, FK_RELU, FK_SIGMOID)
BACKWARD_ROWS(backward_any, act, rec)
#undef BACKWARD_ROWS
