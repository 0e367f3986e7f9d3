// One training step of LSTM → Dense (linear) in one job: the LSTM's forward phases, then a phase
// with the output layer, the loss and the first backward step, the LSTM's other backward phases,
// and a last phase with the recurrent kernel's gradient and its Adam update. Each part keeps to
// its own rows of the recurrent kernel from the forward to the update (lstm_sequence.c), so each
// core streams only its own half of the kernel, of its gradient and of its moments, and the
// threads meet once per phase — where the layer-by-layer path also hands over between layers and
// runs Adam as a fork-join over the halves of the flat parameters, which do not fall on the rows.
//
// Every value is the layer-by-layer path's, bit for bit: the LSTM's phases are the same; the
// output layer and its gradient go through the same products as Dense does (each part computes
// the outputs and the loss itself, so no phase waits for the other's; part p then writes ∂L/∂h_T
// of its own units); Adam is elementwise. A non-finite loss stops the step before anything is
// updated.
#include "forecast_kernels.h"
#include "dispatch.h"
#include "lstm_sequence_phases.h"
#include "vector_math.h"

#include <math.h>
#include <string.h>

struct step_job {
  struct sequence_job sequence;  // first: the LSTM's phases take the job as their context
  const fk_lstm_step *step;
  int skip[2];  // per part: the loss is not finite
};

static float point_loss(const fk_lstm_step *st, float e) {
  switch (st->loss) {
    case FK_LOSS_MEAN_ABSOLUTE_ERROR: return fabsf(e);
    case FK_LOSS_HUBER:
      return fabsf(e) <= st->huber_delta ? 0.5f * e * e : st->huber_delta * (fabsf(e) - 0.5f * st->huber_delta);
    default: return e * e;
  }
}

/// TensorFlow's |x| has gradient sign(x), which is 0 at 0.
static float point_derivative(const fk_lstm_step *st, float e) {
  switch (st->loss) {
    case FK_LOSS_MEAN_ABSOLUTE_ERROR: return e > 0 ? 1.0f : (e < 0 ? -1.0f : 0.0f);
    case FK_LOSS_HUBER: return fabsf(e) <= st->huber_delta ? e : (e > 0 ? st->huber_delta : -st->huber_delta);
    default: return 2.0f * e;
  }
}

/// The output layer on h_T, the loss and its gradient (this part's copy), and ∂L/∂h_T of this
/// part's units into the sequence's output gradient.
static void output_phase(struct step_job *job, int part) {
  const fk_lstm_step *st = job->step;
  const fk_lstm_sequence *s = &st->sequence;
  const ptrdiff_t B = s->batch, U = s->units, O = st->outputs, count = B * O;
  const ptrdiff_t u0 = job->sequence.bounds[part], n = job->sequence.bounds[part + 1] - u0;
  float *y = st->dense_output + part * 2 * count, *dy = y + count;
  if (st->dense_bias)
    for (ptrdiff_t b = 0; b < B; b++) memcpy(y + b * O, st->dense_bias, (size_t)O * sizeof(float));
  fk_sgemm(B, O, U, s->hidden + s->steps * B * U, U, 1, st->dense_kernel, O, 0, y, O, st->dense_bias != NULL);
  double sum = 0;
  for (ptrdiff_t i = 0; i < count; i++) {
    const float e = y[i] - st->targets[i];
    sum += (double)point_loss(st, e);
    dy[i] = point_derivative(st, e) / (float)count;
  }
  const float loss = (float)(sum / (double)count);
  if (part == 0) *st->loss_value = loss;
  job->skip[part] = !isfinite(loss);
  if (job->skip[part]) return;
  fk_sgemm(B, n, O, dy, O, 1, st->dense_kernel + u0 * O, O, 1, st->hidden_gradient + u0, U, 0);
}

// MARK: - The recurrent kernel's gradient and update

#if FK_X86 && !defined(__APPLE__)
/// NV vectors (8·NV columns from j, the last masked to `width` columns) of row u of the recurrent
/// kernel: their gradient Σ_k h_k[u]·dz_k (k over every step and batch row) in registers, summed
/// as fk_sgemm's AVX2 kernels sum it — one fused multiply-add per k, in order, from zero — then
/// Adam on them. The gradient never goes to memory.
#define GRADIENT_ADAM(NV)                                                                          \
  FK_AVX2 static inline __attribute__((always_inline)) void gradient_adam##NV(                     \
      const fk_lstm_step *st, ptrdiff_t u, ptrdiff_t j, ptrdiff_t width, __m256 va, __m256 vb1,    \
      __m256 vb2, __m256 veps) {                                                                   \
    const fk_lstm_sequence *s = &st->sequence;                                                     \
    const ptrdiff_t U = s->units, G = 4 * U, K = s->steps * s->batch;                              \
    const int full = width == 8 * NV;                                                              \
    const __m256i mask = fk_lane_mask(width - 8 * (NV - 1));                                       \
    __m256 acc[NV];                                                                                \
    for (int w = 0; w < NV; w++) acc[w] = _mm256_setzero_ps();                                     \
    for (ptrdiff_t k = 0; k < K; k++) {                                                            \
      const __m256 h = _mm256_set1_ps(s->hidden[k * U + u]);                                       \
      const float *dz = s->dz + k * G + j;                                                         \
      for (int w = 0; w < NV - 1; w++) acc[w] = _mm256_fmadd_ps(h, _mm256_loadu_ps(dz + 8 * w), acc[w]); \
      const __m256 last = full ? _mm256_loadu_ps(dz + 8 * (NV - 1)) : _mm256_maskload_ps(dz + 8 * (NV - 1), mask); \
      acc[NV - 1] = _mm256_fmadd_ps(h, last, acc[NV - 1]);                                         \
    }                                                                                              \
    const ptrdiff_t at = u * G + j;                                                                \
    for (int w = 0; w < NV - 1; w++)                                                               \
      fk_adam8(1, mask, st->recurrent_kernel + at + 8 * w, acc[w], st->recurrent_m + at + 8 * w,   \
               st->recurrent_v + at + 8 * w, va, vb1, vb2, veps);                                  \
    const ptrdiff_t tail = at + 8 * (NV - 1);                                                      \
    fk_adam8(full, mask, st->recurrent_kernel + tail, acc[NV - 1], st->recurrent_m + tail, st->recurrent_v + tail, \
             va, vb1, vb2, veps);                                                                  \
  }
GRADIENT_ADAM(1)
GRADIENT_ADAM(8)

/// Rows [u0, u1) of the recurrent kernel: gradient and Adam, 64 columns at a time.
FK_AVX2 static void update_rows_avx2(const fk_lstm_step *st, ptrdiff_t u0, ptrdiff_t u1) {
  const ptrdiff_t G = 4 * st->sequence.units;
  const __m256 va = _mm256_set1_ps(st->alpha), vb1 = _mm256_set1_ps(st->b1c), vb2 = _mm256_set1_ps(st->b2c);
  const __m256 veps = _mm256_set1_ps(st->epsilon);
  for (ptrdiff_t u = u0; u < u1; u++) {
    ptrdiff_t j = 0;
    for (; j + 64 <= G; j += 64) gradient_adam8(st, u, j, 64, va, vb1, vb2, veps);
    for (; j < G; j += 8) gradient_adam1(st, u, j, G - j < 8 ? G - j : 8, va, vb1, vb2, veps);
  }
}
#endif

/// This part's rows of the recurrent kernel: their gradient, then Adam on them, as their gradient
/// is fresh in this core. On AVX2 both in one pass, the gradient in registers; elsewhere (where
/// fk_sgemm's sums may be another library's) through the sequence's gradient phase and fk_adam.
/// Either way the values are those of the gradient phase and fk_adam on the whole buffer (whose
/// last parameters, the Dense layer's, are never these: vector forms throughout).
static void update_recurrent_kernel(const struct step_job *job, int part) {
  const fk_lstm_step *st = job->step;
  const fk_lstm_sequence *s = &st->sequence;
  const ptrdiff_t u0 = job->sequence.bounds[part], u1 = job->sequence.bounds[part + 1];
#if FK_X86 && !defined(__APPLE__)
  if (fk_has_avx2_fma()) {
    update_rows_avx2(st, u0, u1);
    return;
  }
#endif
  fk_lstm_gradient_phase(&job->sequence, part);
  const ptrdiff_t G = 4 * s->units, first = u0 * G, count = (u1 - u0) * G;
  fk_adam_part(count, count, st->recurrent_kernel + first, s->recurrent_gradient + first, st->recurrent_m + first,
               st->recurrent_v + first, st->alpha, st->b1c, st->b2c, st->epsilon);
}

static void step_phase(void *context, ptrdiff_t index, int part) {
  struct step_job *job = context;
  const fk_lstm_step *st = job->step;
  const fk_lstm_sequence *s = &st->sequence;
  const ptrdiff_t forward = fk_lstm_forward_phase_count(s);
  if (index < forward) {
    fk_lstm_forward_phase(&job->sequence, index, part);
    return;
  }
  const ptrdiff_t q = index - forward;
  if (q == 0) output_phase(job, part);
  if (job->skip[part]) return;
  if (q < s->steps) {
    fk_lstm_backward_phase(&job->sequence, q, part);
    return;
  }
  update_recurrent_kernel(job, part);
}

void fk_lstm_step_run(const fk_lstm_step *step) {
  struct step_job job = {fk_lstm_sequence_job(&step->sequence), step, {0, 0}};
  const fk_lstm_sequence *s = &step->sequence;
  fk_lstm_run_phases(&job.sequence, fk_lstm_forward_phase_count(s) + s->steps + 1, step_phase);
}
