// Internal to _CForecastKernels: the training step's fused update of the recurrent kernel
// (lstm_step.c), written once over the operations of vector_ops_avx2.h or vector_ops_avx512.h and
// included after one of them. Every function is VM(name): name8 or name16. Each lane is the same
// chain of multiply-adds and the same Adam at either width, so the same bits.

/// Vectors per block: 64 columns.
#define BLOCK_VECTORS (64 / VM_LANES)

/// `vectors` vectors (VM_LANES·vectors columns, the last masked to `width` columns) of one row
/// of the recurrent kernel at p (moments at m and v): their gradient Σ_k hidden[k·U]·dz[k·4U …]
/// in registers, then Adam on them. The gradient never goes to memory. `vectors` is a constant
/// where this is inlined (1 or BLOCK_VECTORS), and the loops over it unroll fully, so the
/// accumulators stay in registers (without the pragmas, the 8-lane build kept the k loop in
/// registers but spilled them to the stack for a rolled Adam loop).
VM_TARGET static inline __attribute__((always_inline)) void VM(gradient_adam)(
    int vectors, const float *restrict hidden, const float *restrict dz, ptrdiff_t U, ptrdiff_t K, ptrdiff_t width,
    float *restrict p, float *restrict m, float *restrict v, VM_VEC va, VM_VEC vb1, VM_VEC vb2, VM_VEC veps) {
  const ptrdiff_t G = 4 * U, last = VM_LANES * (vectors - 1);
  const int full = width == VM_LANES * vectors;
  const VM_LANE_MASK mask = VM_FIRST_LANES(width - last);
  VM_VEC acc[BLOCK_VECTORS];
#pragma clang loop unroll(full)
  for (int w = 0; w < vectors; w++) acc[w] = VM_ZERO();
  for (ptrdiff_t k = 0; k < K; k++) {
    const VM_VEC h = VM_SET1(hidden[k * U]);
    const float *d = dz + k * G;
#pragma clang loop unroll(full)
    for (int w = 0; w < vectors - 1; w++) acc[w] = VM_FMADD(h, VM_LOADU(d + VM_LANES * w), acc[w]);
    const VM_VEC tail = full ? VM_LOADU(d + last) : VM_LOAD_LANES(d + last, mask);
    acc[vectors - 1] = VM_FMADD(h, tail, acc[vectors - 1]);
  }
#pragma clang loop unroll(full)
  for (int w = 0; w < vectors - 1; w++)
    VM(fk_adam)(1, mask, p + VM_LANES * w, acc[w], m + VM_LANES * w, v + VM_LANES * w, va, vb1, vb2, veps);
  VM(fk_adam)(full, mask, p + last, acc[vectors - 1], m + last, v + last, va, vb1, vb2, veps);
}

/// Rows [u0, u1) of the recurrent kernel: gradient and Adam, 64 columns at a time. Row u's
/// gradient is Σ_k h_k[u]·dz_k, k over every step and batch row, summed as fk_sgemm's kernels sum
/// it — one fused multiply-add per k, in order, from zero — in registers. The sums start at h_1:
/// h_0 = 0, whose rows add +0 to a sum of +0 (as long as dz_0 is finite), so dz_0 is not read.
VM_TARGET static void VM(update_rows)(const fk_lstm_step *st, ptrdiff_t u0, ptrdiff_t u1) {
  const fk_lstm_sequence *s = &st->sequence;
  const ptrdiff_t U = s->units, G = 4 * U, K = (s->steps - 1) * s->batch;
  const float *restrict hidden = s->hidden + s->batch * U, *restrict dz = s->dz + s->batch * G;
  float *restrict p = st->recurrent_kernel, *restrict m = st->recurrent_m, *restrict v = st->recurrent_v;
  const VM_VEC va = VM_SET1(st->alpha), vb1 = VM_SET1(st->b1c), vb2 = VM_SET1(st->b2c), veps = VM_SET1(st->epsilon);
  for (ptrdiff_t u = u0; u < u1; u++) {
    ptrdiff_t j = 0;
    for (; j + 64 <= G; j += 64)
      VM(gradient_adam)(BLOCK_VECTORS, hidden + u, dz + j, U, K, 64, p + u * G + j, m + u * G + j, v + u * G + j,
                        va, vb1, vb2, veps);
    for (; j < G; j += VM_LANES)
      VM(gradient_adam)(1, hidden + u, dz + j, U, K, G - j < VM_LANES ? G - j : VM_LANES, p + u * G + j, m + u * G + j,
                        v + u * G + j, va, vb1, vb2, veps);
  }
}

#undef BLOCK_VECTORS
