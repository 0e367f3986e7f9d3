// How fast one core reads a block that lives in its L2 cache: the bound behind the reference
// network's recurrent products (Benchmarks/performance-notes.md). Each product streams the
// recurrent kernel, 100 rows of 400 floats (160 KB), from L2; a thread of a two-thread step
// streams its rows, 56 of them (90 KB). Read with 32-byte loads (AVX2) and, where the processor
// has AVX-512F, 64-byte loads — the widths of the kernels' two builds.
//
//     cc -O2 -o /tmp/l2-bandwidth scripts/l2-bandwidth.c && /tmp/l2-bandwidth
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/// The sum of x[0 … n), n a multiple of 64, with four independent chains of WIDTH-float vectors.
#define SUM(NAME, TARGET, VEC, WIDTH, ZERO, LOAD, ADD, FIRST)                                       \
  __attribute__((target(TARGET))) static float NAME(const float *x, long n) {                     \
    VEC a = ZERO(), b = a, c = a, d = a;                                                          \
    for (long i = 0; i < n; i += 4 * WIDTH) {                                                     \
      a = ADD(a, LOAD(x + i));                                                                    \
      b = ADD(b, LOAD(x + i + WIDTH));                                                            \
      c = ADD(c, LOAD(x + i + 2 * WIDTH));                                                        \
      d = ADD(d, LOAD(x + i + 3 * WIDTH));                                                        \
    }                                                                                             \
    return FIRST(ADD(ADD(a, b), ADD(c, d)));                                                      \
  }
#define FIRST256(v) _mm_cvtss_f32(_mm256_castps256_ps128(v))
#define FIRST512(v) _mm512_cvtss_f32(v)
SUM(sum256, "avx2", __m256, 8, _mm256_setzero_ps, _mm256_loadu_ps, _mm256_add_ps, FIRST256)
SUM(sum512, "avx512f", __m512, 16, _mm512_setzero_ps, _mm512_loadu_ps, _mm512_add_ps, FIRST512)

int main(void) {
  const long rounds = 20000, rows[] = {100, 56};
  const int wide = __builtin_cpu_supports("avx512f") != 0;
  volatile float sink = 0;
  for (int size = 0; size < 2; size++) {
    const long bytes = rows[size] * 400 * 4, n = bytes / 4 / 64 * 64;
    float *x = aligned_alloc(64, (size_t)n * 4);
    for (long i = 0; i < n; i++) x[i] = 1;
    for (int width = 0; width <= wide; width++) {
      // The fastest of `rounds` passes, each after a write so the compiler cannot hoist the sum.
      double best = 1;
      for (long k = 0; k < rounds; k++) {
        x[(k * 16) % n] = (float)k;
        const double start = now();
        sink += width ? sum512(x, n) : sum256(x, n);
        const double seconds = now() - start;
        if (seconds < best) best = seconds;
      }
      printf("%ld KB from L2, %d-byte loads: %.3f us, %.1f GB/s\n", bytes / 1000, width ? 64 : 32, best * 1e6,
             n * 4 / best / 1e9);
    }
    free(x);
  }
  return 0;
}
