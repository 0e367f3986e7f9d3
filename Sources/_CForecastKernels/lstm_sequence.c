// An LSTM layer's time loop, forward and backward through time, over a batch: the per-step
// products and the gate maths of ForecastNN's RecurrentLayer in one call, on one thread or on two
// with one hand-off per step (fk_phases).
//
// Each product goes through fk_sgemm or fk_sgemm_packed exactly as RecurrentLayer's GEMM calls
// do, over a part of the columns (or of the sums), so every value is the same, bit for bit:
// - forward, r_t = h_t·R. With a split (GEMM sums a product with few rows in two halves of k on
//   two threads), part 0 sums rows [0, split) of R and part 1 rows [split, U), each over all 4U
//   columns, and each part combines the two sums (in GEMM's order) for its own units' gates;
//   the part that owns rows [0, split) of R also owns units [0, split), so each thread streams only
//   its own rows of R. Without a split, each part computes its units' columns of all four gates;
// - backward, dh_{t-1} = dz_t·Rᵀ: each part computes its units (rows of R), over all 4U columns;
// - the recurrent kernel's gradient hᵀ·dz: each part its rows of R (and, when asked for, half the
//   rows of the input kernel's gradient xᵀ·dz, over the same packed dz: fk_sgemm_two); on one
//   thread, one product of all the rows (fk_lstm_gradient_units).
// A part's phase reads only what the phases before wrote, so the threads meet once per step. At
// step 0, h_0 = 0 and the product is left out: its sums are +0, as the products of zeros are (unless R holds an infinity or NaN, when training has already failed).
// For inference the forward keeps no tape and, with ring, only the states of the last two steps;
// each phase still reads only the slot of step t and writes the slot of step t + 1.
#include "forecast_kernels.h"
#include "lstm_sequence_phases.h"

#include <string.h>

/// The parts' unit ranges: [bounds[p], bounds[p + 1]) for p < the returned count (1 or 2).
static int part_bounds(ptrdiff_t units, ptrdiff_t split, int threads, ptrdiff_t bounds[3]) {
  bounds[0] = 0;
  bounds[2] = units;
  if (split > 0 && split < units) {
    bounds[1] = split;
    return 2;
  }
  // Halves on a multiple of 8 units (the cell kernels' vectors), when both are non-empty.
  const ptrdiff_t middle = (units + 8) / 16 * 8;
  if (threads == 2 && middle > 0 && middle < units) {
    bounds[1] = middle;
    return 2;
  }
  bounds[1] = units;
  return 1;
}

/// rproj holds four [B, 4U] buffers of recurrent sums (two parities × two parts when split; else
/// the first) and, fifth, the step's input projection when it is made per step.
ptrdiff_t fk_lstm_rproj_size(ptrdiff_t batch, ptrdiff_t units) { return 5 * batch * 4 * units; }

/// Where part `part`'s panels start in `packed`: four forward panels (R's columns of the part's
/// units in each gate block, [U, n]) and one backward panel (Rᵀ's columns of its units, [4U, n]).
static ptrdiff_t panels_offset(ptrdiff_t units, const ptrdiff_t bounds[3], int part) {
  ptrdiff_t offset = 0;
  for (int p = 0; p < part; p++) {
    const ptrdiff_t n = bounds[p + 1] - bounds[p];
    offset += 4 * fk_packed_size(units, n) + fk_packed_size(4 * units, n);
  }
  return offset;
}

ptrdiff_t fk_lstm_packed_size(ptrdiff_t units, ptrdiff_t split, int threads) {
  ptrdiff_t bounds[3];
  const int parts = part_bounds(units, split, threads, bounds);
  return panels_offset(units, bounds, parts);
}

// MARK: - Forward

/// Where the states (h or c) of step t start in hidden or cell: slot t, or t mod 2 with a ring.
static ptrdiff_t state_offset(const fk_lstm_sequence *s, ptrdiff_t t) {
  return (s->ring ? t % 2 : t) * s->batch * s->units;
}

/// Step t's input projection x_t·kernel + bias over units [u0, u1) of each gate: from xproj, or
/// made now into rproj's fifth buffer as GEMM.multiply(bias:) makes it — one multiply-add per
/// feature from the bias, in order.
static const float *step_projection(const fk_lstm_sequence *s, ptrdiff_t t, ptrdiff_t u0, ptrdiff_t u1) {
  const ptrdiff_t B = s->batch, U = s->units, G = 4 * U, F = s->features, n = u1 - u0;
  if (s->xproj) return s->xproj + t * B * G;
  float *projection = s->rproj + 4 * B * G;
  const float *x = s->input + t * B * F;
  for (ptrdiff_t g = 0; g < 4; g++) {
    const ptrdiff_t j = g * U + u0;
    const float *bias = s->bias ? s->bias + j : NULL;
    if (bias)
      for (ptrdiff_t b = 0; b < B; b++) memcpy(projection + b * G + j, bias, (size_t)n * sizeof(float));
    fk_sgemm(B, n, F, x, F, 1, s->input_kernel + j, G, 0, projection + j, G, bias != NULL);
  }
  return projection;
}

/// The cells of units [u0, u1) at step t, every batch row, from r (row stride 4U). Without xproj,
/// a single feature's projection is made in the cells where fk_sgemm_column_bias would make it
/// (the same values), else into scratch first (step_projection).
static void forward_cells(const fk_lstm_sequence *s, ptrdiff_t t, ptrdiff_t u0, ptrdiff_t u1, const float *r) {
  const ptrdiff_t B = s->batch, U = s->units, now = state_offset(s, t), next = state_offset(s, t + 1);
  float *tape = s->tape ? s->tape + t * B * 5 * U : NULL;
  if (!s->xproj && s->features == 1 &&
      fk_lstm_forward_units_column(U, u0, u1, B, s->input + t * B, s->input_kernel, s->bias, r, s->cell + now,
                                   s->cell + next, s->hidden + next, tape, s->activation, s->recurrent_activation))
    return;
  fk_lstm_forward_units(U, u0, u1, B, step_projection(s, t, u0, u1), r, s->cell + now, s->cell + next,
                        s->hidden + next, tape, s->activation, s->recurrent_activation);
}

/// Phase t − 1 of a split forward (t = 1 … T): the cells of step t − 1, then this part's sums of
/// r_t over its rows of R. r_{t−1} is the sum of both parts' sums, but r_0, which is 0 (h_0 = 0:
/// its product is left out), this part's own sums zeroed. The sums alternate between two buffers
/// per part by the parity of t, so a part never overwrites sums the other part is still reading.
static void forward_split_phase(const struct sequence_job *job, ptrdiff_t t, int part) {
  const fk_lstm_sequence *s = job->s;
  const ptrdiff_t B = s->batch, U = s->units, G = 4 * U, u0 = job->bounds[part], u1 = job->bounds[part + 1];
  float *mine = s->rproj + ((t - 1) % 2 * 2 + part) * B * G;
  if (t == 1) {
    memset(mine, 0, (size_t)(B * G) * sizeof(float));
  } else {
    // r = first + second over this part's gate columns (GEMM adds the second half's sums), into
    // this part's own sums: each thread writes only its own buffer (the sum is the same either
    // way round).
    const float *other = s->rproj + ((t - 1) % 2 * 2 + 1 - part) * B * G;
    for (ptrdiff_t b = 0; b < B; b++)
      for (ptrdiff_t g = 0; g < 4; g++)
        fk_add(1, u1 - u0, other + b * G + g * U + u0, G, mine + b * G + g * U + u0, G);
  }
  forward_cells(s, t - 1, u0, u1, mine);
  if (t < s->steps) {
    float *sums = s->rproj + (t % 2 * 2 + part) * B * G;
    fk_sgemm(B, G, u1 - u0, s->hidden + state_offset(s, t) + u0, U, 1, s->recurrent_kernel + u0 * G, G, 0, sums, G, 0);
  }
}

/// This part's forward panel of gate block g.
static float *forward_panel(const struct sequence_job *job, int part, ptrdiff_t g) {
  const ptrdiff_t U = job->s->units, n = job->bounds[part + 1] - job->bounds[part];
  return job->s->packed + panels_offset(U, job->bounds, part) + g * fk_packed_size(U, n);
}

/// This part's backward panel.
static float *backward_panel(const struct sequence_job *job, int part) {
  const ptrdiff_t U = job->s->units, n = job->bounds[part + 1] - job->bounds[part];
  return job->s->packed + panels_offset(U, job->bounds, part) + 4 * fk_packed_size(U, n);
}

/// Phase t of a forward by units (t = 0 … T−1): this part's columns of r_t in each gate block,
/// then its cells of step t.
static void forward_units_phase(const struct sequence_job *job, ptrdiff_t t, int part) {
  const fk_lstm_sequence *s = job->s;
  const ptrdiff_t B = s->batch, U = s->units, G = 4 * U, u0 = job->bounds[part], u1 = job->bounds[part + 1];
  const ptrdiff_t n = u1 - u0;
  for (ptrdiff_t g = 0; g < 4; g++) {
    float *r = s->rproj + g * U + u0;
    if (t == 0) {
      if (s->pack) fk_pack_b(U, n, s->recurrent_kernel + g * U + u0, G, 0, forward_panel(job, part, g));
      for (ptrdiff_t b = 0; b < B; b++) memset(r + b * G, 0, (size_t)n * sizeof(float));
    } else if (s->pack) {
      fk_sgemm_packed(B, n, 0, n, U, s->hidden + state_offset(s, t), U, 1, forward_panel(job, part, g), r, G, 0);
    } else {
      fk_sgemm(B, n, U, s->hidden + state_offset(s, t), U, 1, s->recurrent_kernel + g * U + u0, G, 0, r, G, 0);
    }
  }
  forward_cells(s, t, u0, u1, s->rproj);
}

void fk_lstm_forward_phase(void *context, ptrdiff_t index, int part) {
  const struct sequence_job *job = context;
  if (job->s->split > 0) forward_split_phase(job, index + 1, part);
  else forward_units_phase(job, index, part);
}

// MARK: - Backward

void fk_lstm_backward_phase(const struct sequence_job *job, ptrdiff_t q, int part) {
  const fk_lstm_sequence *s = job->s;
  const ptrdiff_t B = s->batch, U = s->units, G = 4 * U;
  const ptrdiff_t u0 = job->bounds[part], u1 = job->bounds[part + 1], n = u1 - u0;
  if (q == 0) {
    for (ptrdiff_t b = 0; b < B; b++) memset(s->dc + b * U + u0, 0, (size_t)n * sizeof(float));
    if (s->pack) fk_pack_b(G, n, s->recurrent_kernel + u0 * G, G, 1, backward_panel(job, part));
  }
  fk_lstm_backward_step(s, s->steps - 1 - q, u0, u1, s->pack ? backward_panel(job, part) : NULL);
}

void fk_lstm_backward_step(const fk_lstm_sequence *s, ptrdiff_t t, ptrdiff_t u0, ptrdiff_t u1, const float *panel) {
  const ptrdiff_t T = s->steps, B = s->batch, U = s->units, G = 4 * U, n = u1 - u0;
  for (ptrdiff_t b = 0; b < B; b++) memset(s->dh + b * U + u0, 0, (size_t)n * sizeof(float));
  if (t == T - 1 && !s->return_sequences) {
    for (ptrdiff_t b = 0; b < B; b++) memcpy(s->dh + b * U + u0, s->output_gradient + b * U + u0, (size_t)n * sizeof(float));
  } else if (t < T - 1) {
    // dh_t (= 0 +) dz_{t+1}·Rᵀ over these units.
    const float *dz = s->dz + (t + 1) * B * G;
    if (s->pack) fk_sgemm_packed(B, n, 0, n, G, dz, G, 1, panel, s->dh + u0, U, 1);
    else fk_sgemm(B, n, G, dz, G, 1, s->recurrent_kernel + u0 * G, G, 1, s->dh + u0, U, 1);
  }
  if (s->return_sequences) {
    for (ptrdiff_t b = 0; b < B; b++) fk_add(1, n, s->output_gradient + (b * T + t) * U + u0, U, s->dh + b * U + u0, U);
  }
  fk_lstm_backward_units(U, u0, u1, B, s->tape + t * B * 5 * U, s->cell + t * B * U, s->dh, s->dc, s->dz + t * B * G,
                         s->activation, s->recurrent_activation);
}

void fk_lstm_gradient_units(const struct sequence_job *job, int part, ptrdiff_t units[2]) {
  units[0] = job->two_threads ? job->bounds[part] : (part == 0 ? 0 : job->s->units);
  units[1] = job->two_threads ? job->bounds[part + 1] : job->s->units;
}

void fk_lstm_input_rows(const struct sequence_job *job, int part, ptrdiff_t rows[2]) {
  const ptrdiff_t F = job->s->input_gradient ? job->s->features : 0, middle = job->two_threads ? (F + 1) / 2 : F;
  rows[0] = part == 1 ? middle : 0;
  rows[1] = part == 0 ? middle : F;
}

void fk_lstm_gradient_phase(const struct sequence_job *job, int part) {
  const fk_lstm_sequence *s = job->s;
  const ptrdiff_t U = s->units, G = 4 * U, F = s->features, K = s->steps * s->batch;
  ptrdiff_t units[2], f[2];
  fk_lstm_gradient_units(job, part, units);
  fk_lstm_input_rows(job, part, f);
  const ptrdiff_t u0 = units[0], u1 = units[1];
  if (f[1] > f[0]) {
    fk_sgemm_two(G, K, s->dz, G, u1 - u0, s->hidden + u0, 1, U, s->recurrent_gradient + u0 * G, G,
                 f[1] - f[0], s->input + f[0], 1, F, s->input_gradient + f[0] * G, G);
  } else {
    fk_sgemm(u1 - u0, G, K, s->hidden + u0, 1, U, s->dz, G, 0, s->recurrent_gradient + u0 * G, G, 0);
  }
}

static void backward_or_gradient_phase(void *context, ptrdiff_t index, int part) {
  const struct sequence_job *job = context;
  if (index < job->s->steps) fk_lstm_backward_phase(job, index, part);
  else fk_lstm_gradient_phase(job, part);
}

// MARK: - Entry points

struct sequence_job fk_lstm_sequence_job(const fk_lstm_sequence *s) {
  struct sequence_job job = {s, {0, 0, 0}, 1, 0};
  job.parts = part_bounds(s->units, s->split, s->threads, job.bounds);
  job.two_threads = s->threads == 2 && job.parts == 2 && !s->alone;
  return job;
}

void fk_lstm_run_phases(const struct sequence_job *job, ptrdiff_t count, void (*phase)(void *, ptrdiff_t, int)) {
  if (job->two_threads) {
    fk_phases(count, phase, (void *)job);
    return;
  }
  for (ptrdiff_t index = 0; index < count; index++)
    for (int part = 0; part < job->parts; part++) phase((void *)job, index, part);
}

void fk_lstm_sequence_forward(const fk_lstm_sequence *s) {
  const struct sequence_job job = fk_lstm_sequence_job(s);
  fk_lstm_run_phases(&job, s->steps, fk_lstm_forward_phase);
}

void fk_lstm_sequence_backward(const fk_lstm_sequence *s) {
  const struct sequence_job job = fk_lstm_sequence_job(s);
  fk_lstm_run_phases(&job, s->steps + 1, backward_or_gradient_phase);
}
