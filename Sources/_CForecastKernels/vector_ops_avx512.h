// Internal to _CForecastKernels: AVX-512F's operations under the names the lane-wise templates
// (vector_math_body.h, lstm_cells_body.h) use, 16 lanes: each the operation vector_ops_avx2.h
// names, on twice the lanes, so the same value in each lane (a NaN's payload aside: where two NaNs
// meet, which one passes depends on the order the compiler gives commutative operands). Undone by
// vector_ops_end.h.
#define VM_TARGET FK_AVX512
#define VM(name) name##16
#define VM_LANES 16
#define VM_VEC __m512
#define VM_MASK __mmask16
#define VM_LANE_MASK __mmask16
// count 0 … 16 (fk_lane_mask, the 8-lane form, takes any count).
#define VM_FIRST_LANES(count) ((__mmask16)((1u << (count)) - 1u))
#define VM_LOADU _mm512_loadu_ps
#define VM_STOREU _mm512_storeu_ps
#define VM_LOAD_LANES(p, lanes) _mm512_maskz_loadu_ps((lanes), (p))
#define VM_STORE_LANES(p, lanes, v) _mm512_mask_storeu_ps((p), (lanes), (v))
#define VM_SET1 _mm512_set1_ps
#define VM_ZERO _mm512_setzero_ps
#define VM_ADD _mm512_add_ps
#define VM_SUB _mm512_sub_ps
#define VM_MUL _mm512_mul_ps
#define VM_DIV _mm512_div_ps
#define VM_SQRT _mm512_sqrt_ps
#define VM_FMADD _mm512_fmadd_ps
#define VM_FNMADD _mm512_fnmadd_ps
#define VM_MIN _mm512_min_ps
#define VM_MAX _mm512_max_ps
#define VM_FLOOR(v) _mm512_roundscale_ps((v), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC)
#define VM_POW2(n) _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(_mm512_cvttps_epi32(n), _mm512_set1_epi32(127)), 23))
// AVX-512F has its bitwise operations on integers only (the float forms are AVX-512DQ).
#define VM_ABS(v) _mm512_castsi512_ps(_mm512_andnot_epi32(_mm512_set1_epi32(INT32_MIN), _mm512_castps_si512(v)))
#define VM_SIGN_OF(x, v) _mm512_castsi512_ps(_mm512_or_epi32(_mm512_castps_si512(x), \
    _mm512_and_epi32(_mm512_castps_si512(v), _mm512_set1_epi32(INT32_MIN))))
#define VM_LT(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_LT_OQ)
#define VM_GT(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_GT_OQ)
#define VM_BOTH(m1, m2) ((__mmask16)((m1) & (m2)))
#define VM_WHERE(m, v) _mm512_maskz_mov_ps((m), (v))
#define VM_SELECT(m, yes, no) _mm512_mask_blend_ps((m), (no), (yes))
