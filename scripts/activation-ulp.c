// The worst errors of the AVX2 kernels' tanh and sigmoid over every float of their documented
// ranges (|x| ≤ 20 for tanh, x ≥ −87 for sigmoid), in units in the last place of the exact value
// (double-precision tanh and exp rounded to float): the numbers in ForecastKernels' Activation
// documentation. About a minute per function on one core.
//
//     cc -O2 -I Sources/_CForecastKernels -I Sources/_CForecastKernels/include \
//        -o /tmp/activation-ulp scripts/activation-ulp.c -lm
//     /tmp/activation-ulp tanh; /tmp/activation-ulp sigmoid
#include "vector_math.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/// The spacing of floats at the exact value (rounded to float).
static double ulp_at(double exact) {
  const float f = fabsf((float)exact);
  return f == 0 ? (double)1.4e-45f : (double)nextafterf(f, INFINITY) - (double)f;
}

FK_AVX2 int main(int argc, char **argv) {
  if (argc != 2 || (strcmp(argv[1], "tanh") != 0 && strcmp(argv[1], "sigmoid") != 0)) {
    fprintf(stderr, "usage: activation-ulp tanh|sigmoid\n");
    return 2;
  }
  const int sigmoid = strcmp(argv[1], "sigmoid") == 0;
  double worst = 0;
  float worst_at = 0, x[8], y[8];
  for (uint32_t sign = 0; sign <= 1; sign++) {
    for (uint32_t bits = 0; bits < 0x7f800000u; bits += 8) {  // every finite float of this sign
      for (uint32_t lane = 0; lane < 8; lane++) {
        const uint32_t pattern = (bits + lane) | sign << 31;
        memcpy(&x[lane], &pattern, sizeof pattern);
      }
      _mm256_storeu_ps(y, fk_activate8(sigmoid ? FK_SIGMOID : FK_TANH, _mm256_loadu_ps(x)));
      for (int lane = 0; lane < 8; lane++) {
        if (sigmoid ? x[lane] < -87 : fabsf(x[lane]) > 20) continue;
        const double exact = sigmoid ? 1 / (1 + exp(-(double)x[lane])) : tanh((double)x[lane]);
        const double error = fabs((double)y[lane] - exact) / ulp_at(exact);
        if (!(error <= worst)) worst = error, worst_at = x[lane];  // NaN becomes the worst
      }
    }
  }
  printf("%s: worst %.2f ulp, at x = %.9g\n", argv[1], worst, worst_at);
  return 0;
}
