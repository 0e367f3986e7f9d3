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
/// Dispatches once, at first use: Accelerate's cblas_sgemm on Apple platforms; else an AVX2+FMA
/// kernel when the processor has it; else a portable packed kernel (which the compiler
/// vectorises, NEON on arm64). FORECAST_PORTABLE_KERNELS=1 forces the portable kernels.
/// Sizes are not checked here: callers check them (ForecastKernels' GEMM does).
void fk_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
              const float *b, ptrdiff_t ldb, int b_transposed,
              float *c, ptrdiff_t ldc, int accumulate);

/// The number of floats fk_pack_b writes for op(B) of k rows and n columns.
ptrdiff_t fk_packed_size(ptrdiff_t k, ptrdiff_t n);

/// Packs op(B) ([k, n]; b_transposed as in fk_sgemm) into the 16-column strip layout the block
/// kernels read, so that many products with the same B (a recurrent kernel, once per time step)
/// pack it once. dst holds fk_packed_size(k, n) floats. Works with every kernel.
void fk_pack_b(ptrdiff_t k, ptrdiff_t n, const float *b, ptrdiff_t ldb, int b_transposed, float *dst);

/// Columns [j0, j1) of C[m, n] (+)= A[m, k] · op(B), op(B) packed by fk_pack_b(k, n, …).
/// j0 must be a multiple of 16. Runs the AVX2 block kernels where they run, the portable ones
/// elsewhere; with k = 0 it clears (or leaves, when accumulating) the columns.
void fk_sgemm_packed(ptrdiff_t m, ptrdiff_t n, ptrdiff_t j0, ptrdiff_t j1, ptrdiff_t k,
                     const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                     const float *packed, float *c, ptrdiff_t ldc, int accumulate);

/// Whether products with a matrix used many times should pack it (fk_pack_b): yes, except on
/// Apple platforms, where Accelerate takes the matrix as stored.
int fk_prefers_packing(void);

/// Whether the environment forces the portable kernels: FORECAST_PORTABLE_KERNELS is set to
/// anything but "" or "0". Read once, under pthread_once, so every thread sees one answer.
int fk_portable_forced(void);

/// The name of the GEMM kernels the dispatcher chose: "accelerate", "avx2-fma" or "portable".
const char *fk_kernel_name(void);

/// Runs function(context, 0) on the calling thread and function(context, 1) on a persistent
/// worker thread, and returns when both are done. Runs both parts on the caller, one after the
/// other, when called from inside a job, while another thread's job runs, or without a worker
/// (on a machine, or in a process limited to, one CPU).
void fk_fork_join(void (*function)(void *context, int part), void *context);

/// Activation codes for fk_activate, in the order of ForecastKernels.Activation.
enum fk_activation { FK_LINEAR = 0, FK_RELU = 1, FK_TANH = 2, FK_SIGMOID = 3, FK_HARD_SIGMOID = 4 };

/// x[i] = activation(x[i]) for i < n. On the AVX2 kernels, tanh and sigmoid are vectorised
/// (Cephes' expf and tanhf polynomials); their measured worst errors are in ForecastKernels'
/// Activation documentation. The portable kernels call libm's tanhf and expf.
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

/// Faults a test can inject into fk_activate's output on its own thread, to show that a check
/// catches them. Never set outside tests.
enum fk_test_fault { FK_FAULT_NONE = 0, FK_FAULT_TANH_NAN = 1 };

/// Sets the calling thread's injected fault: with FK_FAULT_TANH_NAN, tanh gives NaN for 2 < x < 3.
void fk_set_test_fault(int fault);

#ifdef __cplusplus
}
#endif

#endif
