// Internal to _CForecastKernels: AVX2+FMA's operations under the names the lane-wise templates
// (vector_math_body.h, lstm_cells_body.h) use, 8 lanes. Undone by vector_ops_end.h.
#define VM_TARGET FK_AVX2
#define VM(name) name##8
#define VM_LANES 8
#define VM_VEC __m256
#define VM_MASK __m256           // lanes where a comparison holds
#define VM_LANE_MASK __m256i     // lanes [0, count) of a masked load or store
#define VM_FIRST_LANES(count) fk_lane_mask(count)
#define VM_LOADU _mm256_loadu_ps
#define VM_STOREU _mm256_storeu_ps
#define VM_LOAD_LANES(p, lanes) _mm256_maskload_ps((p), (lanes))
#define VM_STORE_LANES(p, lanes, v) _mm256_maskstore_ps((p), (lanes), (v))
#define VM_SET1 _mm256_set1_ps
#define VM_ZERO _mm256_setzero_ps
#define VM_ADD _mm256_add_ps
#define VM_SUB _mm256_sub_ps
#define VM_MUL _mm256_mul_ps
#define VM_DIV _mm256_div_ps
#define VM_SQRT _mm256_sqrt_ps
#define VM_FMADD _mm256_fmadd_ps
#define VM_FNMADD _mm256_fnmadd_ps
#define VM_MIN _mm256_min_ps
#define VM_MAX _mm256_max_ps
#define VM_FLOOR _mm256_floor_ps
/// 2^n for whole floats n in the range of normal exponents: n + 127 into the exponent field.
#define VM_POW2(n) _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(n), _mm256_set1_epi32(127)), 23))
#define VM_ABS(v) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), (v))
/// x (non-negative) with the sign bit of v.
#define VM_SIGN_OF(x, v) _mm256_or_ps((x), _mm256_and_ps((v), _mm256_set1_ps(-0.0f)))
#define VM_LT(a, b) _mm256_cmp_ps((a), (b), _CMP_LT_OQ)
#define VM_GT(a, b) _mm256_cmp_ps((a), (b), _CMP_GT_OQ)
#define VM_BOTH(m1, m2) _mm256_and_ps((m1), (m2))
/// v where the mask holds, +0 elsewhere.
#define VM_WHERE(m, v) _mm256_and_ps((m), (v))
/// yes where the mask holds, no elsewhere.
#define VM_SELECT(m, yes, no) _mm256_blendv_ps((no), (yes), (m))
