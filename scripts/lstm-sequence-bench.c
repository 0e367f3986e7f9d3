// The LSTM time loop alone, without Swift, data loading or the rest of a training step (the input
// projections are made beforehand and not timed; no output layer, loss or Adam): times
// fk_lstm_sequence_forward and fk_lstm_sequence_backward (the backward includes the recurrent
// kernel's gradient) over random states, and prints the fastest and the median of `rounds` and
// GFLOP/s (2·B·U·4U·T flops forward, twice that backward). Used to see what the kernels can do
// apart from the machine's slow spells (Benchmarks/performance-notes.md): the fastest round is
// what they do when nothing else holds the cores.
//
//     S=Sources/_CForecastKernels
//     clang -O3 -I$S/include -I$S -o /tmp/lstm-sequence-bench scripts/lstm-sequence-bench.c $S/*.c -lpthread -lm
//     FORECAST_PARALLEL=always /tmp/lstm-sequence-bench 64 256 48 2 20   # B U T threads rounds
#include "forecast_kernels.h"

#include "kernel-bench.h"

#include <stdio.h>
#include <string.h>

/// n floats, uniform in [−0.05, 0.05), 64-byte aligned.
static float *random_floats(size_t n) { return random_floats_at(n, 0); }

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s batch units steps threads [rounds]\n", argv[0]);
    return 2;
  }
  const ptrdiff_t B = atol(argv[1]), U = atol(argv[2]), T = atol(argv[3]), G = 4 * U;
  const int threads = atoi(argv[4]), rounds = argc > 5 ? atoi(argv[5]) : 20;
  if (B < 1 || U < 1 || T < 1 || threads < 1 || threads > 2 || rounds < 1 || rounds > 1000) {
    fprintf(stderr, "batch, units and steps must be at least 1, threads 1 or 2, rounds 1 to 1000\n");
    return 2;
  }
  fk_lstm_sequence s;
  memset(&s, 0, sizeof s);
  s.steps = T, s.batch = B, s.units = U;
  s.activation = FK_TANH, s.recurrent_activation = FK_SIGMOID;
  set_lstm_layout(&s);
  s.threads = threads;
  s.recurrent_kernel = random_floats((size_t)(U * G));
  s.xproj = random_floats((size_t)(T * B * G));
  s.hidden = random_floats((size_t)((T + 1) * B * U));
  s.cell = random_floats((size_t)((T + 1) * B * U));
  memset(s.hidden, 0, (size_t)(B * U) * sizeof(float));
  memset(s.cell, 0, (size_t)(B * U) * sizeof(float));
  s.tape = random_floats((size_t)(T * B * 5 * U));
  s.rproj = random_floats((size_t)fk_lstm_rproj_size(B, U));
  s.packed = random_floats((size_t)fk_lstm_packed_size(U, s.split, 2));
  s.output_gradient = random_floats((size_t)(B * U));
  s.dz = random_floats((size_t)(T * B * G));
  s.dh = random_floats((size_t)(B * U));
  s.dc = random_floats((size_t)(B * U));
  s.recurrent_gradient = random_floats((size_t)(U * G));
  double forward[1000], backward[1000];
  for (int r = 0; r < rounds; r++) {
    const double t0 = now();
    fk_lstm_sequence_forward(&s);
    const double t1 = now();
    fk_lstm_sequence_backward(&s);
    forward[r] = t1 - t0;
    backward[r] = now() - t1;
  }
  qsort(forward, (size_t)rounds, sizeof(double), ascending);
  qsort(backward, (size_t)rounds, sizeof(double), ascending);
  const double flops = 2.0 * (double)(B * U * G * T);
  printf("B %td, U %td, T %td, %d thread(s): forward %.3f ms fastest (%.1f GFLOP/s), %.3f median; "
         "backward and gradient %.3f ms fastest (%.1f GFLOP/s), %.3f median\n",
         B, U, T, threads, forward[0] * 1e3, flops / forward[0] * 1e-9, forward[rounds / 2] * 1e3, backward[0] * 1e3,
         2 * flops / backward[0] * 1e-9, backward[rounds / 2] * 1e3);
  return 0;
}
