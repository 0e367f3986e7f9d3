// Internal to _CForecastKernels: the phases of the LSTM time loop (lstm_sequence.c), for the jobs
// that run them with more around them (lstm_step.c).
#ifndef FK_LSTM_SEQUENCE_PHASES_H
#define FK_LSTM_SEQUENCE_PHASES_H

#include "forecast_kernels.h"

/// A time loop's job: the sequence and its parts' unit ranges, [bounds[p], bounds[p + 1]), and
/// whether the parts are handed to fk_phases for two threads (which may still run both on the
/// caller) — else they run one after the other on the caller's.
struct sequence_job {
  const fk_lstm_sequence *s;
  ptrdiff_t bounds[3];
  int parts;
  int two_threads;
};

/// The job of sequence `s`: one part, or two when it asks for two threads or its sums split;
/// `two_threads` when it asks for two, is not `alone` and has two parts.
struct sequence_job fk_lstm_sequence_job(const fk_lstm_sequence *s);

/// Runs phases 0 … count−1, each over every part: on two threads (fk_phases) when the job's
/// `two_threads`, else one part after the other.
void fk_lstm_run_phases(const struct sequence_job *job, ptrdiff_t count, void (*phase)(void *, ptrdiff_t, int));

/// Forward phase `index` (0 … T−1) of part `part` (`context` is the sequence_job).
void fk_lstm_forward_phase(void *context, ptrdiff_t index, int part);

/// Backward phase q (step t = T−1−q): this part's ∂L/∂h_t, then its cells' gradients dz_t.
void fk_lstm_backward_phase(const struct sequence_job *job, ptrdiff_t q, int part);

/// Backward step t over units [u0, u1): their ∂L/∂h_t, then their cells' dz_t (and ∂L/∂c_{t−1}
/// in dc); `panel` is their packed Rᵀ (fk_pack_b) when the sequence packs, else unused.
void fk_lstm_backward_step(const fk_lstm_sequence *s, ptrdiff_t t, ptrdiff_t u0, ptrdiff_t u1, const float *panel);

/// The phase after the backward's: this part's rows of the recurrent kernel's gradient,
/// [h_0 … h_{T−1}]ᵀ · dz (fk_lstm_gradient_units), and of the input kernel's when the sequence
/// asks for it (fk_lstm_input_rows).
void fk_lstm_gradient_phase(const struct sequence_job *job, int part);

/// This part's rows [units[0], units[1]) of the recurrent kernel's gradient: its own units with
/// `two_threads`; else every unit in part 0 and none in part 1, so that the rows are one
/// product, which packs dz once instead of once per part (each element is its own sum either way).
void fk_lstm_gradient_units(const struct sequence_job *job, int part, ptrdiff_t units[2]);

/// This part's rows [rows[0], rows[1]) of the input kernel's gradient: half of them each with
/// `two_threads`; else all in part 0, none in part 1; none when the sequence has no
/// input_gradient.
void fk_lstm_input_rows(const struct sequence_job *job, int part, ptrdiff_t rows[2]);

#endif
