// One training step of LSTM → Dense (linear) in one job: the LSTM's forward phases, then a phase
// with the output layer, the loss and the first backward step, the LSTM's other backward phases,
// and a last phase with the recurrent kernel's gradient and its Adam update by rows (after the
// backward's step 0 where merges_first_step, and with the other parameters' updates where
// updates_rest), on two threads each part its own units' rows (on one, part 0 all of them:
// fk_lstm_gradient_units).
// When the recurrent sums are split by rows (a batch of fewer than 4 rows, see lstm_sequence.c),
// a thread then touches only its own rows of the kernel, of its gradient and of its moments from
// the first phase to the last; and the threads meet once per phase — where the
// layer-by-layer path also hands over between layers and runs Adam as a fork-join over the
// halves of the flat parameters, which do not fall on the rows.
//
// Every value is the layer-by-layer path's, bit for bit: the LSTM's phases are the same; the
// output layer and its gradient go through the same products as Dense does (each part computes
// the outputs and the loss itself, so no phase waits for the other's; part p then writes ∂L/∂h_T
// of its own units); Adam is elementwise; the fused update leaves out the products with h_0 = 0,
// which add +0 while dz_0 is finite. A non-finite loss stops the step before anything is updated.
#include "forecast_kernels.h"
#include "dispatch.h"
#include "lstm_sequence_phases.h"
#include "vector_math.h"

#include <math.h>
#include <string.h>

// The loss must round as ForecastNN's Loss does, which never fuses a*b+c.
#pragma STDC FP_CONTRACT OFF

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

/// Part `part`'s copy of the outputs [B, O] in dense_output; ∂L/∂outputs [B, O] follows it.
static float *part_outputs(const fk_lstm_step *st, int part) {
  return st->dense_output + part * 2 * st->sequence.batch * st->outputs;
}

/// The output layer on h_T, the loss and its gradient (this part's copy), and ∂L/∂h_T of this
/// part's units into the sequence's output gradient.
static void output_phase(struct step_job *job, int part) {
  const fk_lstm_step *st = job->step;
  const fk_lstm_sequence *s = &st->sequence;
  const ptrdiff_t B = s->batch, U = s->units, O = st->outputs, count = B * O;
  const ptrdiff_t u0 = job->sequence.bounds[part], n = job->sequence.bounds[part + 1] - u0;
  float *y = part_outputs(st, part), *dy = y + count;
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
// The fused update at 8 lanes (update_rows8) and 16 (update_rows16, where the processor has
// AVX-512: 64-byte loads of the kernel and its moments from L2).
#include "vector_ops_avx2.h"
#include "lstm_update_body.h"
#include "vector_ops_end.h"
#include "vector_ops_avx512.h"
#include "lstm_update_body.h"
#include "vector_ops_end.h"
#endif

/// The most floats of dz (32 KiB) for which the fused pass reads all of it for every row: it then
/// stays in the caches closest to the core; beyond, fk_sgemm's packed blocks reuse it better.
#define FUSED_UPDATE_DZ_FLOATS 8192

/// Whether the recurrent kernel's gradient and Adam go in one pass, the gradient in registers
/// (update_rows): on AVX2 (16 lanes where AVX-512 runs) when dz is small (few steps and rows);
/// else (or where fk_sgemm's sums may be another library's) through the sequence's gradient
/// phase and fk_adam.
static int fuses_update(const fk_lstm_sequence *s) {
#if FK_X86 && !defined(__APPLE__)
  return fk_has_avx2_fma() && s->steps * s->batch * 4 * s->units <= FUSED_UPDATE_DZ_FLOATS;
#else
  (void)s;
  return 0;
#endif
}

/// Whether the backward's last step (t = 0) runs in the update's phase rather than its own: with
/// the fused update, which reads no dz_0 (update_rows), over several steps (at one, the step's
/// ∂L/∂h is the output's) and without packed panels (a part's panel is its own; on one thread the
/// update's part has all the rows). The threads then meet once less.
static int merges_first_step(const fk_lstm_sequence *s) { return fuses_update(s) && s->steps >= 2 && !s->pack; }

/// The backward's phases before the update's.
static ptrdiff_t backward_phase_count(const fk_lstm_sequence *s) { return merges_first_step(s) ? s->steps - 1 : s->steps; }

/// Whether the job updates step.rest too: with the fused update, and the input to make the input
/// kernel's gradient from.
static int updates_rest(const fk_lstm_step *st) {
  return st->rest && st->sequence.input && fuses_update(&st->sequence);
}

/// Adam on `count` elements of `tensor` from `first`.
static void adam_on(const fk_lstm_step *st, const fk_adam_tensor *tensor, ptrdiff_t first, ptrdiff_t count) {
  fk_adam(count, tensor->values + first, tensor->gradient + first, tensor->m + first, tensor->v + first, st->alpha,
          st->b1c, st->b2c, st->epsilon);
}

/// Units [u0, u1)' share of the other parameters (updates_rest), after their dz: the input
/// kernel's and the bias' columns of these units in each gate block and the output kernel's rows,
/// and with `output_bias` the output bias — each gradient as GEMM makes it (every element its own
/// sum; the bias' column sums as columnSums makes them, times a row of ones: one 1 at column
/// stride 0), then Adam. `dy` is ∂L/∂outputs (this part's copy).
static void update_rest(const fk_lstm_step *st, ptrdiff_t u0, ptrdiff_t u1, const float *dy, int output_bias) {
  const fk_lstm_sequence *s = &st->sequence;
  const fk_lstm_rest *rest = st->rest;
  const ptrdiff_t B = s->batch, U = s->units, G = 4 * U, F = s->features, K = s->steps * B, O = st->outputs;
  const ptrdiff_t n = u1 - u0;
  static const float one = 1.0f;
  if (n > 0) {
    for (ptrdiff_t g = 0; g < 4; g++) {
      const ptrdiff_t j = g * U + u0;
      for (ptrdiff_t f = 0; f < F; f++) adam_on(st, &rest->input_kernel, f * G + j, n);
      if (rest->bias.values) {
        fk_sgemm(1, n, K, &one, 1, 0, s->dz + j, G, 0, rest->bias.gradient + j, G, 0);
        adam_on(st, &rest->bias, j, n);
      }
    }
    fk_sgemm(n, O, B, s->hidden + s->steps * B * U + u0, 1, U, dy, O, 0, rest->dense_kernel.gradient + u0 * O, O, 0);
    adam_on(st, &rest->dense_kernel, u0 * O, n * O);
  }
  if (output_bias && rest->dense_bias.values) {
    fk_sgemm(1, O, B, &one, 1, 0, dy, O, 0, rest->dense_bias.gradient, O, 0);
    adam_on(st, &rest->dense_bias, 0, O);
  }
}

/// This part's rows of the recurrent kernel (fk_lstm_gradient_units): their gradient, then Adam
/// on them, as their gradient is fresh in this core; the values of the gradient phase and
/// fk_adam. Fused (fuses_update): after the backward's step 0 over the same units when
/// merges_first_step (its dot products read the rows before their update), then the input
/// kernel's gradient columns of these units, when asked for (into rest's input kernel with
/// updates_rest), and their share of the rest.
static void update_recurrent_kernel(const struct step_job *job, int part) {
  const fk_lstm_step *st = job->step;
  const fk_lstm_sequence *s = &st->sequence;
  ptrdiff_t units[2];
  fk_lstm_gradient_units(&job->sequence, part, units);
  const ptrdiff_t u0 = units[0], u1 = units[1], U = s->units, G = 4 * U;
#if FK_X86 && !defined(__APPLE__)
  if (fuses_update(s)) {
    if (merges_first_step(s) && u1 > u0) fk_lstm_backward_step(s, 0, u0, u1, NULL);
    if (fk_has_avx512()) update_rows16(st, u0, u1);
    else update_rows8(st, u0, u1);
    const int rest = updates_rest(st);
    float *input_gradient = rest ? st->rest->input_kernel.gradient : s->input_gradient;
    if (input_gradient && u1 > u0)
      for (ptrdiff_t g = 0; g < 4; g++)
        fk_sgemm(s->features, u1 - u0, s->steps * s->batch, s->input, 1, s->features, s->dz + g * U + u0, G, 0,
                 input_gradient + g * U + u0, G, 0);
    if (rest) update_rest(st, u0, u1, part_outputs(st, part) + s->batch * st->outputs, part == 0);
    return;
  }
#endif
  fk_lstm_gradient_phase(&job->sequence, part);
  const fk_adam_tensor recurrent = {st->recurrent_kernel, s->recurrent_gradient, st->recurrent_m, st->recurrent_v};
  adam_on(st, &recurrent, u0 * G, (u1 - u0) * G);
}

static void step_phase(void *context, ptrdiff_t index, int part) {
  struct step_job *job = context;
  const fk_lstm_step *st = job->step;
  const fk_lstm_sequence *s = &st->sequence;
  const ptrdiff_t forward = s->steps;
  if (index < forward) {
    fk_lstm_forward_phase(&job->sequence, index, part);
    return;
  }
  const ptrdiff_t q = index - forward;
  if (q == 0) output_phase(job, part);
  if (job->skip[part]) return;
  if (q < backward_phase_count(s)) {
    fk_lstm_backward_phase(&job->sequence, q, part);
    return;
  }
  update_recurrent_kernel(job, part);
}

int fk_lstm_step_run(const fk_lstm_step *step) {
  struct step_job job = {fk_lstm_sequence_job(&step->sequence), step, {0, 0}};
  const fk_lstm_sequence *s = &step->sequence;
  fk_lstm_run_phases(&job.sequence, s->steps + backward_phase_count(s) + 1, step_phase);
  return updates_rest(step) && !job.skip[0];
}
