// Internal to _CForecastKernels: which instruction sets may be used.
#ifndef FK_DISPATCH_H
#define FK_DISPATCH_H

#include <stddef.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FK_X86 1
#define FK_AVX2 __attribute__((target("avx2,fma")))
#define FK_AVX512 __attribute__((target("avx512f,avx2,fma")))
#else
#define FK_X86 0
#endif

/// Whether the AVX2+FMA kernels run: the processor has AVX2 and FMA and the portable kernels are
/// not forced. Decided once, with fk_portable_forced.
int fk_has_avx2_fma(void);

/// Whether the AVX-512 kernels run (the GEMM's pair kernels, GEMV rows and dot products, the
/// training step's fused update, the LSTM cells of 4 rows or more):
/// AVX2+FMA run, the processor has AVX-512F, and FORECAST_AVX512=0 (exactly "0") does not turn
/// them off.
/// Decided once, with fk_has_avx2_fma.
int fk_has_avx512(void);

/// Applies the calling thread's injected fault (see fk_set_test_fault) to the output of
/// fk_activate; one thread-local load when no fault is set.
void fk_apply_test_fault(int activation, float *x, ptrdiff_t n);

#endif
