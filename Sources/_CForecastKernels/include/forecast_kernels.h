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

/// C[m, n] = bias + A[m, 1] · B[1, n] (bias a row of n, or NULL for 0), element (i, 0) of A at
/// a[i * a_stride], in one pass — the values fk_sgemm gives when C holds the bias in every row and
/// it accumulates (one fused multiply-add each). Returns 1 when done, 0 where fk_sgemm's kernels
/// are others (not AVX2+FMA, or Accelerate): the caller then fills C and calls fk_sgemm
/// (ForecastKernels' GEMM.multiply(bias:) does).
int fk_sgemm_column_bias(ptrdiff_t m, ptrdiff_t n, const float *a, ptrdiff_t a_stride, const float *b,
                         const float *bias, float *c, ptrdiff_t ldc);

/// Whether fk_sgemm_column_bias makes its products on this processor (returns 1), rather than
/// leaving them to the caller.
int fk_sgemm_column_bias_available(void);
/// The number of floats fk_pack_b writes for op(B) of k rows and n columns.
ptrdiff_t fk_packed_size(ptrdiff_t k, ptrdiff_t n);

/// Packs op(B) ([k, n]; b_transposed as in fk_sgemm) into the 16-column strip layout the block
/// kernels read, so that many products with the same B (a recurrent kernel, once per time step)
/// pack it once. dst holds fk_packed_size(k, n) floats. Works with every kernel.
void fk_pack_b(ptrdiff_t k, ptrdiff_t n, const float *b, ptrdiff_t ldb, int b_transposed, float *dst);

/// C1[m1, n] = A1[m1, k] · B and C2[m2, n] = A2[m2, k] · B for one plain B (row-major [k, n]),
/// A1 and A2 strided as fk_sgemm's A: where fk_sgemm packs B as it goes, each strip is packed
/// once for both products (a B read from memory is read once). The values are those of the two
/// fk_sgemm calls.
void fk_sgemm_two(ptrdiff_t n, ptrdiff_t k, const float *b, ptrdiff_t ldb,
                  ptrdiff_t m1, const float *a1, ptrdiff_t a1_row_stride, ptrdiff_t a1_column_stride, float *c1, ptrdiff_t ldc1,
                  ptrdiff_t m2, const float *a2, ptrdiff_t a2_row_stride, ptrdiff_t a2_column_stride, float *c2, ptrdiff_t ldc2);

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

/// The name of the kernels the dispatcher chose: "accelerate", "avx512" (AVX2+FMA with AVX-512
/// kernels for the packed products, GEMV rows, dot products, the training step's fused update and
/// the LSTM cells of 4 rows or more), "avx2-fma" or "portable".
const char *fk_kernel_name(void);

/// Runs function(context, 0) on the calling thread and function(context, 1) on a persistent
/// worker thread, and returns when both are done. Runs both parts on the caller, one after the
/// other, when called from inside a job, while another thread's job runs, on a busy machine (a
/// one-minute load average of at least the CPUs plus one, unless FORECAST_PARALLEL=always), or
/// without a worker (on a machine, or in a process limited to, one CPU, or with
/// FORECAST_PARALLEL=never).
void fk_fork_join(void (*function)(void *context, int part), void *context);

/// Runs phases 0 … count−1 of a job of two parts: phase(context, index, 0) on the calling thread
/// and phase(context, index, 1) on the persistent worker, phase after phase; phase i + 1 starts once
/// both parts of phase i are done, and sees their writes. The caller runs part 1 of a phase itself
/// when the worker has not claimed it by the time part 0 is done (the other core is busy), and
/// runs every part, in order, when fk_fork_join would run both on the caller. Returns when every
/// phase is done.
void fk_phases(ptrdiff_t count, void (*phase)(void *context, ptrdiff_t index, int part), void *context);

/// Makes every job the calling thread starts run on it alone (as jobs started from inside a job
/// do) until fk_leave_alone; returns what fk_leave_alone restores.
int fk_enter_alone(void);

/// Ends fk_enter_alone's scope: `outer` is what it returned.
void fk_leave_alone(int outer);

/// Activation codes for fk_activate, in the order of ForecastKernels.Activation.
enum fk_activation { FK_LINEAR = 0, FK_RELU = 1, FK_TANH = 2, FK_SIGMOID = 3, FK_HARD_SIGMOID = 4 };

/// x[i] = activation(x[i]) for i < n. On the AVX2 kernels, tanh and sigmoid are vectorised
/// (Cephes' expf and tanhf polynomials); their measured worst errors are in ForecastKernels'
/// Activation documentation. The portable kernels call libm's tanhf and expf.
void fk_activate(int activation, float *x, ptrdiff_t n);

/// One LSTM step for one batch row, gates i, f, c, o in blocks of `units`:
/// i, f, o = rec(x + r); g = act(x + r); c = f·c_prev + i·g; h = o·act(c);
/// tape = [i | f | g | o | act(c)] (5·units), unless tape is NULL (inference).
void fk_lstm_forward(ptrdiff_t units, const float *x, const float *r, const float *c_prev,
                     float *c, float *h, float *tape, int activation, int recurrent_activation);

/// The backward of fk_lstm_forward for one batch row: from the tape, c_prev, dh = ∂L/∂h and
/// dc = ∂L/∂c (from later steps), writes dz = ∂L/∂(x + r) (4·units) and replaces dc by ∂L/∂c_prev.
void fk_lstm_backward(ptrdiff_t units, const float *tape, const float *c_prev, const float *dh,
                      float *dc, float *dz, int activation, int recurrent_activation);

/// fk_lstm_forward for units [from, to) only (gate blocks still `units` apart) of `rows` batch
/// rows: x and r rows 4·units apart, c_prev, c and h rows units apart, tape rows 5·units apart.
void fk_lstm_forward_units(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *x, const float *r,
                           const float *c_prev, float *c, float *h, float *tape, int activation, int recurrent_activation);

/// fk_lstm_forward_units with the input projection of one feature made in the cells, row b's
/// x·kernel + bias from column[b] (kernel and bias rows of 4·units; bias NULL for none): the
/// values fk_sgemm_column_bias's projection gives, without writing it out and reading it back.
/// Returns 1 when done, 0 where fk_sgemm_column_bias would not make that projection
/// (fk_sgemm_column_bias_available): the caller then makes it and calls fk_lstm_forward_units.
int fk_lstm_forward_units_column(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *column,
                                 const float *kernel, const float *bias, const float *r, const float *c_prev, float *c,
                                 float *h, float *tape, int activation, int recurrent_activation);

/// fk_lstm_backward for units [from, to) only (gate blocks still `units` apart) of `rows` batch
/// rows: tape rows 5·units apart, c_prev, dh and dc rows units apart, dz rows 4·units apart.
void fk_lstm_backward_units(ptrdiff_t units, ptrdiff_t from, ptrdiff_t to, ptrdiff_t rows, const float *tape, const float *c_prev,
                            const float *dh, float *dc, float *dz, int activation, int recurrent_activation);

/// An LSTM layer's time loop over a batch of B sequences, forward (fk_lstm_sequence_forward) and
/// backward through time (fk_lstm_sequence_backward), with every matrix product of a step done by
/// fk_sgemm or fk_sgemm_packed, so that each value is summed in the order the per-step products
/// of ForecastNN's RecurrentLayer use, bit for bit. With two threads, the units are split in two
/// parts: each thread computes its units' gates, cell states and gradients, and the threads meet
/// once per time step (a phase of fk_phases). Layouts are time-major; gates i, f, c, o in blocks
/// of U (Keras' order); nothing is allocated.
typedef struct {
  ptrdiff_t steps, batch, units;  // T, B, U
  int activation, recurrent_activation;
  /// 0, or the row k of the recurrent kernel at which each recurrent product is summed in two
  /// parts, as GEMM splits the sums of a product with few rows across two threads: then
  /// r = (Σ_{p<split} h_p·R_p) + (Σ_{p≥split} h_p·R_p), part 0 owning units [0, split).
  ptrdiff_t split;
  /// Whether the recurrent products go through panels packed by fk_pack_b (as GEMM packs a
  /// matrix multiplied by four rows or more), else through fk_sgemm.
  int pack;
  /// 1, or 2 to run on the caller and the worker.
  int threads;
  /// With threads 2: 1 to run both parts on the calling thread, one after the other — the same
  /// parts, hence the same products, as on two threads, except the recurrent kernel's gradient,
  /// one product of all its rows (dz packed once): the same values wherever fk_sgemm makes each
  /// element its own chain of multiply-adds (our kernels; not Accelerate, which the fused
  /// training step does not use).
  int alone;
  const float *recurrent_kernel;  // [U, 4U]
  const float *xproj;             // [T, B, 4U]: x_t·kernel + bias; or NULL, see input
  /// When xproj is NULL: the input time-major [T, B, F] (F = features), its kernel [F, 4U] and
  /// bias [4U] (or NULL). Each step's projection x_t·kernel + bias is then made in the step's
  /// phase, each part its own units' gates, into scratch — or, for one feature, in the cells
  /// where fk_sgemm_column_bias_available (fk_lstm_forward_units_column) — with the values of
  /// GEMM.multiply(bias:) over every step at once, bit for bit: no [T, B, 4U] buffer written and
  /// read back.
  const float *input, *input_kernel, *bias;
  ptrdiff_t features;
  float *hidden;                  // [T+1, B, U]: h_0 (read; zero) … h_T; [2, B, U] with ring
  float *cell;                    // [T+1, B, U]: c_0 (read; zero) … c_T; [2, B, U] with ring
  float *tape;                    // [T, B, 5U]: i, f, g, o, act(c_t) per step, or NULL (forward only)
  /// Forward only: 1 to keep h and c of the last two steps (step t in slot t mod 2), not all.
  int ring;
  float *rproj;                   // scratch, fk_lstm_rproj_size floats
  float *packed;                  // scratch, fk_lstm_packed_size floats when pack, else unused
  // Backward only:
  const float *output_gradient;   // ∂L/∂h_T [B, U], or ∂L/∂h_t for every t [B, T, U]
  int return_sequences;           // which of the two output_gradient is
  float *dz;                      // [T, B, 4U]: ∂L/∂(xproj + rproj) per step (written)
  float *dh;                      // scratch [B, U]
  float *dc;                      // scratch [B, U]
  float *recurrent_gradient;      // [U, 4U]: ∂L/∂recurrent_kernel (written)
  /// Or NULL: [F, 4U], ∂L/∂input_kernel = inputᵀ·dz (written), made beside the recurrent
  /// kernel's gradient over the same packed dz (fk_sgemm_two), on two threads each part rows of
  /// its own, on one all of them in one product; the values of fk_sgemm's product alone. Needs
  /// input and features (also when xproj is set).
  float *input_gradient;
} fk_lstm_sequence;

/// Floats of fk_lstm_sequence.rproj for a batch of B rows and U units.
ptrdiff_t fk_lstm_rproj_size(ptrdiff_t batch, ptrdiff_t units);

/// Floats of fk_lstm_sequence.packed for U units, split, and threads.
ptrdiff_t fk_lstm_packed_size(ptrdiff_t units, ptrdiff_t split, int threads);

/// Runs the forward time loop: h_1 … h_T, c_1 … c_T and the tape.
void fk_lstm_sequence_forward(const fk_lstm_sequence *sequence);

/// Runs the backward time loop after fk_lstm_sequence_forward on the same sequence: dz for every
/// step and the recurrent kernel's gradient (the input kernel's and the bias' follow from dz).
void fk_lstm_sequence_backward(const fk_lstm_sequence *sequence);

/// Loss codes for fk_lstm_step, in the order of ForecastNN's Loss.
enum fk_loss { FK_LOSS_MEAN_SQUARED_ERROR = 0, FK_LOSS_MEAN_ABSOLUTE_ERROR = 1, FK_LOSS_HUBER = 2 };

/// One parameter tensor that a training step updates with Adam: its values (updated in place), its
/// gradient (written) and its moments, laid out alike.
typedef struct {
  float *values, *gradient, *m, *v;
} fk_adam_tensor;

/// The parameters of a training step besides the recurrent kernel (fk_lstm_step.rest); values
/// NULL for a bias the layer does not have.
typedef struct {
  fk_adam_tensor input_kernel;  // [F, 4U]
  fk_adam_tensor bias;          // [4U]
  fk_adam_tensor dense_kernel;  // [U, O]: values are fk_lstm_step.dense_kernel
  fk_adam_tensor dense_bias;    // [O]: values are fk_lstm_step.dense_bias
} fk_lstm_rest;

/// One training step of an LSTM (last state only) followed by a linear Dense(O), as one job
/// (fk_lstm_step_run): the LSTM's forward phases; the Dense outputs, the loss (averaged over every
/// output) and ∂L/∂h_T; the LSTM's backward phases; the recurrent kernel's gradient and its Adam
/// update, each thread on its own rows. Every value is the one of the layer by layer path
/// (fk_lstm_sequence_forward, Dense, the loss, fk_lstm_sequence_backward, fk_adam), bit for bit.
/// The job updates the other parameters too where fk_lstm_step_run says so (rest); else the caller
/// computes their gradients from dz (but the input kernel's, when sequence.input_gradient asks for
/// it) and updates them. Nothing is allocated but packing scratch; a non-finite loss stops the
/// step before any update.
typedef struct {
  /// The LSTM's time loop: forward and backward fields, not ring; output_gradient is
  /// hidden_gradient, which the step writes.
  fk_lstm_sequence sequence;
  ptrdiff_t outputs;            // O
  const float *dense_kernel;    // [U, O]
  const float *dense_bias;      // [O], or NULL
  const float *targets;         // [B, O]
  int loss;                     // enum fk_loss
  float huber_delta;            // FK_LOSS_HUBER's δ
  float *hidden_gradient;       // [B, U]: ∂L/∂h_T (written)
  float *dense_output;          // scratch [2, 2, B, O]; part 0's outputs, then ∂L/∂outputs, first
  float *loss_value;            // out: the loss before the update
  /// Adam on the recurrent kernel (the matrix of sequence.recurrent_kernel, updated in place),
  /// with the moments m and v laid out like it; alpha, b1c, b2c, epsilon as fk_adam's.
  float *recurrent_kernel, *recurrent_m, *recurrent_v;
  float alpha, b1c, b2c, epsilon;
  /// Or NULL: the other parameters, for the job to update too where it fuses the recurrent
  /// kernel's update (AVX2, a small dz) and has sequence.input (and features) for the input
  /// kernel's gradient, each part its own units' columns of the input kernel and the bias and
  /// its rows of the output kernel, part 0 the output bias — with the values of the
  /// layer-by-layer path where no product of theirs sums in two parts in ForecastKernels' GEMM
  /// (GEMM.sumSplit), which the caller checks.
  const fk_lstm_rest *rest;
} fk_lstm_step;

/// Runs the step (see fk_lstm_step). Returns 1 when it updated the rest (step.rest) too, else 0.
int fk_lstm_step_run(const fk_lstm_step *step);

/// dst[i, j] += src[i, j] for an m × n block (row strides lds and ldd).
void fk_add(ptrdiff_t m, ptrdiff_t n, const float *src, ptrdiff_t lds, float *dst, ptrdiff_t ldd);

/// One Adam update in Keras' form over n parameters:
/// m += (g − m)·b1c; v += (g² − v)·b2c; p −= (m·alpha)/(√v + epsilon),
/// with b1c = 1 − β₁, b2c = 1 − β₂ and alpha the bias-corrected step, each operation rounded as
/// written (√ and the division correctly rounded, nothing fused): every parameter gets the same
/// bits whichever kernel, processor or piece of a larger buffer it is updated in.
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
