// How fast one core reads a block that lives in its L2 cache: the bound behind the reference
// network's recurrent products (README, Performance). Each thread of a training step streams its
// rows of the recurrent kernel — 56 rows of 400 floats, 90 KB — once per product.
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

/// The sum of x[0 … n), n a multiple of 32, with four independent vector chains.
__attribute__((target("avx2"))) static float sum(const float *x, long n) {
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

int main(void) {
  const long bytes = 56 * 400 * 4, n = bytes / 4 / 32 * 32, rounds = 20000;
  float *x = aligned_alloc(64, (size_t)n * 4);
  for (long i = 0; i < n; i++) x[i] = 1;
  volatile float sink = 0;
  for (int r = 0; r < 3; r++) {
    const double start = now();
    for (long k = 0; k < rounds; k++) {
      x[(k * 16) % n] = (float)k;  // a write each round, so the compiler cannot hoist the sum
      sink += sum(x, n);
    }
    const double seconds = (now() - start) / rounds;
    printf("%ld KB from L2: %.3f us, %.1f GB/s\n", bytes / 1024, seconds * 1e6, n * 4 / seconds / 1e9);
  }
  return 0;
}
