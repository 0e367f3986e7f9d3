// Runtime CPU dispatch shared by the kernels: decided once, at first use.
#include "dispatch.h"

int fk_has_avx2_fma(void) {
#if FK_X86
  static int cached = -1;  // racing first calls compute the same value, so this is benign
  if (cached < 0) {
    __builtin_cpu_init();
    cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return cached;
#else
  return 0;
#endif
}

const char *fk_kernel_name(void) { return fk_has_avx2_fma() ? "avx2-fma" : "portable"; }
