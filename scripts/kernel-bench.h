// What the kernel benchmarks in scripts/ share: a clock, random buffers, and sorting of times.
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include "forecast_kernels.h"

#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/// n floats, uniform in [−0.05, 0.05), starting `offset` bytes past a 64-byte boundary.
static float *random_floats_at(size_t n, size_t offset) {
  char *block = aligned_alloc(64, (n * sizeof(float) + offset + 63) / 64 * 64);
  if (!block) exit(1);
  float *p = (float *)(block + offset);
  for (size_t i = 0; i < n; i++) p[i] = ((float)(rand() % 1000) * 1e-3f - 0.5f) * 0.1f;
  return p;
}

/// The time loop's layout as LSTMSequence sets it for a batch of B rows and U units: packed
/// panels from 4 rows (GEMM.packs), and below, the recurrent sums split by rows of the kernel
/// where GEMM.sumSplit splits them (U ≥ 32, 2^15 multiply-adds), at Parallel.splitPoint(U, 8).
static void set_lstm_layout(fk_lstm_sequence *s) {
  const ptrdiff_t B = s->batch, U = s->units, half = (U / 2 + 7) / 8 * 8;
  s->pack = B >= 4;
  s->split = B < 4 && U >= 32 && B * 4 * U * U >= 1 << 15 ? (half < U ? half : U) : 0;
}

/// For qsort: doubles in ascending order.
static int ascending(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

#endif
