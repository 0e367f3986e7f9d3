// Internal to _CForecastKernels: which instruction sets may be used.
#ifndef FK_DISPATCH_H
#define FK_DISPATCH_H

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FK_X86 1
#define FK_AVX2 __attribute__((target("avx2,fma")))
#else
#define FK_X86 0
#endif

/// Whether the processor has AVX2 and FMA (x86-64 only).
int fk_has_avx2_fma(void);

#endif
