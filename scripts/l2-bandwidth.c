// How fast one core reads a block that lives in its L2 cache: the bound behind the reference
// network's recurrent products (README, Performance). Each product streams the recurrent kernel,
// 100 rows of 400 floats (160 KB), from L2; a thread of a two-thread step streams its rows, 56 of
// them (90 KB). Read with 32-byte loads (AVX2) and, where the processor has AVX-512F, 64-byte
// loads — the widths of the kernels' two builds.
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

/// The sum of x[0 … n), n a multiple of 64, with four independent chains of 32-byte vectors.
__attribute__((target("avx2"))) static float sum256(const float *x, long n) {
  __m256 a = _mm256_setzero_ps(), b = a, c = a, d = a;
  for (long i = 0; i < n; i += 32) {
    a = _mm256_add_ps(a, _mm256_loadu_ps(x + i));
    b = _mm256_add_ps(b, _mm256_loadu_ps(x + i + 8));
    c = _mm256_add_ps(c, _mm256_loadu_ps(x + i + 16));
    d = _mm256_add_ps(d, _mm256_loadu_ps(x + i + 24));
  }
  float out[8];
  _mm256_storeu_ps(out, _mm256_add_ps(_mm256_add_ps(a, b), _mm256_add_ps(c, d)));
  return out[0];
}

/// The same with 64-byte vectors.
__attribute__((target("avx512f"))) static float sum512(const float *x, long n) {
  __m512 a = _mm512_setzero_ps(), b = a, c = a, d = a;
  for (long i = 0; i < n; i += 64) {
    a = _mm512_add_ps(a, _mm512_loadu_ps(x + i));
    b = _mm512_add_ps(b, _mm512_loadu_ps(x + i + 16));
    c = _mm512_add_ps(c, _mm512_loadu_ps(x + i + 32));
    d = _mm512_add_ps(d, _mm512_loadu_ps(x + i + 48));
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a, b), _mm512_add_ps(c, d)));
}

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
