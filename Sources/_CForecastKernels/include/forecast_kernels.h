// SIMD micro-kernels behind ForecastKernels. Not API: call them through ForecastKernels.
#ifndef FORECAST_KERNELS_H
#define FORECAST_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// C[m, n] (=, or += when accumulate != 0) A[m, k] · op(B).
/// Element (i, p) of A is a[i * a_row_stride + p * a_column_stride] (so a transposed A is a
/// stride swap). B is row-major [k, n] with leading dimension ldb, or, when b_transposed != 0,
/// row-major [n, k] (so op(B) = Bᵀ). C is row-major with leading dimension ldc.
/// Dispatches once, at first use, to an AVX2+FMA kernel when the processor has it, else to a
/// portable kernel (which the compiler vectorises for NEON on arm64).
void fk_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
              const float *b, ptrdiff_t ldb, int b_transposed,
              float *c, ptrdiff_t ldc, int accumulate);

/// The number of floats fk_pack_b writes for op(B) of k rows and n columns.
ptrdiff_t fk_packed_size(ptrdiff_t k, ptrdiff_t n);

/// Packs op(B) ([k, n]; b_transposed as in fk_sgemm) into the strip layout the AVX2 kernel
/// reads, so that many products with the same B (a recurrent kernel, once per time step) pack
/// it once. dst holds fk_packed_size(k, n) floats.
void fk_pack_b(ptrdiff_t k, ptrdiff_t n, const float *b, ptrdiff_t ldb, int b_transposed, float *dst);

/// Columns [j0, j1) of C[m, n] (+)= A[m, k] · op(B), op(B) packed by fk_pack_b(k, n, …).
/// j0 must be a multiple of 16. Needs the AVX2 kernels (see fk_packing_supported).
void fk_sgemm_packed(ptrdiff_t m, ptrdiff_t n, ptrdiff_t j0, ptrdiff_t j1, ptrdiff_t k,
                     const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                     const float *packed, float *c, ptrdiff_t ldc, int accumulate);

/// Whether fk_pack_b / fk_sgemm_packed can run here (the processor has AVX2 and FMA).
int fk_packing_supported(void);

/// The name of the kernels the dispatcher chose ("avx2-fma" or "portable").
const char *fk_kernel_name(void);

/// Runs function(context, 0) on the calling thread and function(context, 1) on a persistent
/// worker thread, and returns when both are done. Runs both parts on the caller, one after the
/// other, when called from inside a job, while another thread's job runs, or without a worker.
void fk_fork_join(void (*function)(void *context, int part), void *context);

/// Activation codes for fk_activate, in the order of ForecastKernels.Activation.
enum fk_activation { FK_LINEAR = 0, FK_RELU = 1, FK_TANH = 2, FK_SIGMOID = 3, FK_HARD_SIGMOID = 4 };

/// x[i] = activation(x[i]) for i < n. tanh and sigmoid use a vectorised exp accurate to a few
/// units in the last place (Cephes' expf polynomial).
void fk_activate(int activation, float *x, ptrdiff_t n);

/// One LSTM step for one batch row, gates i, f, c, o in blocks of `units`:
/// i, f, o = rec(x + r); g = act(x + r); c = f·c_prev + i·g; h = o·act(c);
/// tape = [i | f | g | o | act(c)] (5·units).
void fk_lstm_forward(ptrdiff_t units, const float *x, const float *r, const float *c_prev,
                     float *c, float *h, float *tape, int activation, int recurrent_activation);

/// The backward of fk_lstm_forward for one batch row: from the tape, c_prev, dh = ∂L/∂h and
/// dc = ∂L/∂c (from later steps), writes dz = ∂L/∂(x + r) (4·units) and replaces dc by ∂L/∂c_prev.
void fk_lstm_backward(ptrdiff_t units, const float *tape, const float *c_prev, const float *dh,
                      float *dc, float *dz, int activation, int recurrent_activation);

/// dst[i, j] += src[i, j] for an m × n block (row strides lds and ldd).
void fk_add(ptrdiff_t m, ptrdiff_t n, const float *src, ptrdiff_t lds, float *dst, ptrdiff_t ldd);

/// One Adam update in Keras' form over n parameters:
/// m += (g − m)·b1c; v += (g² − v)·b2c; p −= (m·alpha)/(√v + epsilon),
/// with b1c = 1 − β₁, b2c = 1 − β₂ and alpha the bias-corrected step.
void fk_adam(ptrdiff_t n, float *p, const float *g, float *m, float *v,
             float alpha, float b1c, float b2c, float epsilon);

#ifdef __cplusplus
}
#endif

#endif
