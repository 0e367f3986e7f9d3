// One fused training step of LSTM → Dense(1) with Adam (fk_lstm_step_run) alone, without Swift:
// the time loop forward and backward, the output layer and the loss, the recurrent kernel's
// gradient and its Adam update, and the other parameters' where the job makes them (fit's step
// asks it to: fk_lstm_step.rest), on random data of one feature whose input projections the job
// makes as fit's does (in the cells, where fk_sgemm_column_bias_available; else per step).
// Prints the fastest and the median of `rounds` steps. With an offset, every buffer starts that
// many bytes past a 64-byte boundary, as malloc leaves them (16 or 32 bytes off, and 48 for an
// array's elements in a block from mmap): how much the kernels lose when their vector loads
// straddle cache lines (KernelAlignment in ForecastKernels).
//
//     S=Sources/_CForecastKernels
//     clang -O3 -I$S/include -I$S -o /tmp/lstm-step-bench scripts/lstm-step-bench.c $S/*.c -lpthread -lm
//     FORECAST_PARALLEL=never /tmp/lstm-step-bench 1 100 12 1 3000 0    # B U T threads rounds offset
//     FORECAST_PARALLEL=never /tmp/lstm-step-bench 1 100 12 1 3000 16
#include "forecast_kernels.h"

#include "kernel-bench.h"

#include <stdio.h>
#include <string.h>

/// Bytes past a 64-byte boundary at which every buffer starts.
static size_t offset;

static float *random_floats(size_t n) { return random_floats_at(n, offset); }

/// Adam's state for n values at `values`: a random gradient and moments (v ≥ 0).
static fk_adam_tensor adam_tensor(float *values, size_t n) {
  fk_adam_tensor tensor = {values, random_floats(n), random_floats(n), random_floats(n)};
  for (size_t i = 0; i < n; i++) tensor.v[i] *= tensor.v[i];
  return tensor;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s batch units steps threads [rounds] [offset]\n", argv[0]);
    return 2;
  }
  const ptrdiff_t B = atol(argv[1]), U = atol(argv[2]), T = atol(argv[3]), G = 4 * U;
  const int threads = atoi(argv[4]), rounds = argc > 5 ? atoi(argv[5]) : 1000;
  offset = argc > 6 ? (size_t)atol(argv[6]) : 0;
  if (B < 1 || U < 1 || T < 1 || threads < 1 || threads > 2 || rounds < 1 || rounds > 100000 || offset % 4 || offset >= 64) {
    fprintf(stderr, "batch, units and steps must be at least 1, threads 1 or 2, rounds 1 to 100000, "
                    "offset a multiple of 4 below 64\n");
    return 2;
  }
  fk_lstm_step step;
  memset(&step, 0, sizeof step);
  fk_lstm_sequence *s = &step.sequence;
  s->steps = T, s->batch = B, s->units = U;
  s->activation = FK_TANH, s->recurrent_activation = FK_SIGMOID;
  set_lstm_layout(s);
  s->threads = threads;
  float *kernel = random_floats((size_t)(U * G));
  s->recurrent_kernel = kernel;
  s->hidden = random_floats((size_t)((T + 1) * B * U));
  s->cell = random_floats((size_t)((T + 1) * B * U));
  memset(s->hidden, 0, (size_t)(B * U) * sizeof(float));
  memset(s->cell, 0, (size_t)(B * U) * sizeof(float));
  s->tape = random_floats((size_t)(T * B * 5 * U));
  s->rproj = random_floats((size_t)fk_lstm_rproj_size(B, U));
  s->packed = random_floats((size_t)fk_lstm_packed_size(U, s->split, 2));
  s->dz = random_floats((size_t)(T * B * G));
  s->dh = random_floats((size_t)(B * U));
  s->dc = random_floats((size_t)(B * U));
  s->recurrent_gradient = random_floats((size_t)(U * G));
  step.hidden_gradient = random_floats((size_t)(B * U));
  s->output_gradient = step.hidden_gradient;
  step.outputs = 1;
  float *dense_kernel = random_floats((size_t)U), *dense_bias = random_floats(1);
  step.dense_kernel = dense_kernel;
  step.dense_bias = dense_bias;
  // The other parameters (one input feature), whose gradients and update the job makes too.
  s->features = 1;
  s->input = random_floats((size_t)(T * B));
  const fk_lstm_rest rest = {adam_tensor(random_floats((size_t)G), (size_t)G), adam_tensor(random_floats((size_t)G), (size_t)G),
                             adam_tensor(dense_kernel, (size_t)U), adam_tensor(dense_bias, 1)};
  s->input_kernel = rest.input_kernel.values, s->bias = rest.bias.values;
  s->input_gradient = rest.input_kernel.gradient;
  step.rest = &rest;
  step.targets = random_floats((size_t)B);
  step.dense_output = random_floats((size_t)(4 * B));
  float loss;
  step.loss_value = &loss;
  step.recurrent_kernel = kernel;
  step.recurrent_m = random_floats((size_t)(U * G));
  step.recurrent_v = random_floats((size_t)(U * G));
  for (ptrdiff_t i = 0; i < U * G; i++) step.recurrent_v[i] *= step.recurrent_v[i];
  // Keras' β₁ 0.9 and β₂ 0.999 with a step small enough that thousands of updates on one sample
  // do not fit it to its target: gradients that shrink toward zero reach subnormal floats, whose
  // arithmetic is many times slower and is not what training on a series costs.
  step.alpha = 1e-5f, step.b1c = 0.1f, step.b2c = 0.001f, step.epsilon = 1e-7f;
  double *seconds = malloc((size_t)rounds * sizeof(double));
  if (!seconds) return 1;
  for (int r = 0; r < rounds; r++) {
    const double t0 = now();
    fk_lstm_step_run(&step);
    seconds[r] = now() - t0;
  }
  qsort(seconds, (size_t)rounds, sizeof(double), ascending);
  printf("B %td, U %td, T %td, %d thread(s), buffers %zu bytes past 64: step %.1f us fastest, %.1f median (loss %g)\n",
         B, U, T, threads, offset, seconds[0] * 1e6, seconds[rounds / 2] * 1e6, (double)loss);
  return 0;
}
