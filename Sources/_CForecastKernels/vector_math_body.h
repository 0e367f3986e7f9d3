// Internal to _CForecastKernels: the lane-wise maths of the vector kernels, written once over the
// operations of vector_ops_avx2.h or vector_ops_avx512.h and included after one of them
// (vector_math.h includes it for both). Every function is VM(name): name8 or name16.

/// e^x: Cephes' expf (range reduction by ln 2 in two parts, degree-6 polynomial), x clamped to
/// [−87.34, 88.38] (so e^x stays a normal float); NaN stays NaN.
VM_TARGET static inline VM_VEC VM(exp)(VM_VEC x) {
  // min/max return their second operand when either is NaN: x goes second so NaN propagates.
  x = VM_MIN(VM_SET1(88.3762626647949f), VM_MAX(VM_SET1(-87.3365f), x));
  const VM_VEC fx = VM_FLOOR(VM_FMADD(x, VM_SET1(1.44269504088896341f), VM_SET1(0.5f)));
  x = VM_FNMADD(fx, VM_SET1(0.693359375f), x);
  x = VM_FNMADD(fx, VM_SET1(-2.12194440e-4f), x);
  VM_VEC y = VM_SET1(1.9875691500e-4f);
  y = VM_FMADD(y, x, VM_SET1(1.3981999507e-3f));
  y = VM_FMADD(y, x, VM_SET1(8.3334519073e-3f));
  y = VM_FMADD(y, x, VM_SET1(4.1665795894e-2f));
  y = VM_FMADD(y, x, VM_SET1(1.6666665459e-1f));
  y = VM_FMADD(y, x, VM_SET1(5.0000001201e-1f));
  y = VM_FMADD(y, VM_MUL(x, x), VM_ADD(x, VM_SET1(1.0f)));
  return VM_MUL(y, VM_POW2(fx));
}

/// 1/d, correctly rounded. A division, not the hardware estimate (vrcpps): the estimate differs
/// between Intel's and AMD's processors, and so would every value computed from it.
VM_TARGET static inline VM_VEC VM(reciprocal)(VM_VEC d) { return VM_DIV(VM_SET1(1.0f), d); }

/// tanh, as Cephes' tanhf: below |x| = 0.625 the odd polynomial x + x³·P(x²) (no cancellation
/// near 0, exact for subnormals); above, 1 − 2/(e^{2|x|} + 1) with the sign restored, |x| clamped
/// to 9 (where tanh rounds to 1). NaN stays NaN.
VM_TARGET static inline VM_VEC VM(tanh)(VM_VEC v) {
  const VM_VEC one = VM_SET1(1.0f), magnitude = VM_ABS(v), z = VM_MUL(v, v);
  VM_VEC p = VM_SET1(-5.70498872745e-3f);
  p = VM_FMADD(p, z, VM_SET1(2.06390887954e-2f));
  p = VM_FMADD(p, z, VM_SET1(-5.37397155531e-2f));
  p = VM_FMADD(p, z, VM_SET1(1.33314422036e-1f));
  p = VM_FMADD(p, z, VM_SET1(-3.33332819422e-1f));
  const VM_VEC small = VM_FMADD(VM_MUL(p, z), v, v);
  const VM_VEC clamped = VM_MIN(VM_SET1(9.0f), magnitude);  // NaN propagates
  const VM_VEC e = VM(exp)(VM_ADD(clamped, clamped));
  const VM_VEC two_over = VM_MUL(VM_SET1(2.0f), VM(reciprocal)(VM_ADD(e, one)));
  const VM_VEC large = VM_SIGN_OF(VM_SUB(one, two_over), v);
  return VM_SELECT(VM_LT(magnitude, VM_SET1(0.625f)), small, large);
}

/// One vector of an activation; shared by the activation and the fused LSTM kernels. NaN in
/// gives NaN out for every activation (relu and hard sigmoid included), as the scalar forms do.
VM_TARGET static inline __attribute__((always_inline)) VM_VEC VM(fk_activate)(int activation, VM_VEC v) {
  const VM_VEC one = VM_SET1(1.0f), zero = VM_ZERO();
  switch (activation) {
    case FK_RELU: return VM_MAX(zero, v);  // v second: NaN propagates
    case FK_SIGMOID: return VM(reciprocal)(VM_ADD(one, VM(exp)(VM_SUB(zero, v))));
    case FK_TANH: return VM(tanh)(v);
    case FK_HARD_SIGMOID: {
      const VM_VEC clipped = VM_MIN(VM_SET1(6.0f), VM_MAX(zero, VM_ADD(v, VM_SET1(3.0f))));
      return VM_DIV(clipped, VM_SET1(6.0f));
    }
    default: return v;
  }
}

/// An activation's derivative at the point whose activation is y.
VM_TARGET static inline __attribute__((always_inline)) VM_VEC VM(derivative)(int activation, VM_VEC y) {
  const VM_VEC one = VM_SET1(1.0f), zero = VM_ZERO();
  switch (activation) {
    case FK_RELU: return VM_WHERE(VM_GT(y, zero), one);
    case FK_TANH: return VM_SUB(one, VM_MUL(y, y));
    case FK_SIGMOID: return VM_MUL(y, VM_SUB(one, y));
    case FK_HARD_SIGMOID: return VM_WHERE(VM_BOTH(VM_GT(y, zero), VM_LT(y, one)), VM_SET1(1.0f / 6.0f));
    default: return one;
  }
}

/// Adam on the parameters at p (the lanes of `mask` unless `full`) with gradients gi, moments at m
/// and v, and fk_adam's constants broadcast: the exact forms (correctly rounded √v and division),
/// so the same bits on every processor and at either width. Shared by fk_adam and the training
/// step's fused update, which must agree bit for bit.
VM_TARGET static inline __attribute__((always_inline)) void VM(fk_adam)(
    int full, VM_LANE_MASK mask, float *p, VM_VEC gi, float *m, float *v, VM_VEC va, VM_VEC vb1, VM_VEC vb2, VM_VEC veps) {
#define LOAD(x) (full ? VM_LOADU(x) : VM_LOAD_LANES((x), mask))
#define STORE(x, y) (full ? VM_STOREU((x), (y)) : VM_STORE_LANES((x), mask, (y)))
  VM_VEC mi = LOAD(m), vi = LOAD(v);
  mi = VM_ADD(mi, VM_MUL(VM_SUB(gi, mi), vb1));
  vi = VM_ADD(vi, VM_MUL(VM_SUB(VM_MUL(gi, gi), vi), vb2));
  const VM_VEC step = VM_DIV(VM_MUL(mi, va), VM_ADD(VM_SQRT(vi), veps));
  STORE(m, mi);
  STORE(v, vi);
  STORE(p, VM_SUB(LOAD(p), step));
#undef LOAD
#undef STORE
}
