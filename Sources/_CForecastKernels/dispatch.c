// Runtime CPU dispatch shared by the kernels: decided once, at first use, under pthread_once.
#include "dispatch.h"
#include "forecast_kernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t features_once = PTHREAD_ONCE_INIT;
// Written once inside pthread_once, which orders the writes before every reader's return.
static int portable_forced;
static int avx2_fma;
static int avx512;

/// Whether the environment variable `name` is set to something other than "" or "0".
static int environment_flag(const char *name) {
  const char *value = getenv(name);
  return value != NULL && value[0] != '\0' && strcmp(value, "0") != 0;
}

static void detect_features(void) {
  portable_forced = environment_flag("FORECAST_PORTABLE_KERNELS");
#if FK_X86
  __builtin_cpu_init();
  avx2_fma = !portable_forced && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const char *avx512_setting = getenv("FORECAST_AVX512");
  const int avx512_off = avx512_setting != NULL && strcmp(avx512_setting, "0") == 0;
  avx512 = avx2_fma && !avx512_off && __builtin_cpu_supports("avx512f");
#else
  avx2_fma = 0;
  avx512 = 0;
#endif
}

int fk_portable_forced(void) {
  pthread_once(&features_once, detect_features);
  return portable_forced;
}

int fk_has_avx2_fma(void) {
  pthread_once(&features_once, detect_features);
  return avx2_fma;
}

int fk_has_avx512(void) {
  pthread_once(&features_once, detect_features);
  return avx512;
}

const char *fk_kernel_name(void) {
#if defined(__APPLE__)
  if (!fk_portable_forced()) return "accelerate";
#endif
  if (fk_has_avx512()) return "avx512";
  return fk_has_avx2_fma() ? "avx2-fma" : "portable";
}

// MARK: - Test-only fault injection

static _Thread_local int test_fault = FK_FAULT_NONE;

void fk_set_test_fault(int fault) { test_fault = fault; }

void fk_apply_test_fault(int activation, float *x, ptrdiff_t n) {
  if (test_fault != FK_FAULT_TANH_NAN || activation != FK_TANH) return;
  // The fault of the review: NaN where tanh(x) lies in (tanh 2, tanh 3).
  for (ptrdiff_t i = 0; i < n; i++)
    if (x[i] > 0.96402758f && x[i] < 0.99505475f) x[i] = __builtin_nanf("");
}
