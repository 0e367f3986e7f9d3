// Single-precision GEMM for the shapes recurrent layers make: C (+)= A·op(B).
//
// Blocking: 6 rows × 16 columns of C stay in registers while a block of k runs (a broadcast of A
// times 16 values of B per step); blocks of 1 to 5 rows take leftover rows. Each 16-wide strip
// of op(B) is packed contiguously (a 4 KiB row stride would put every row in one L1 set; for Bᵀ
// the packing is the transpose; a plain B larger than L2 has up to 256 columns' strips packed at
// once, read row by row), k cut into blocks of 256 so a strip stays in L1; a transposed A
// of many rows (a gradient hᵀ·dz) is packed per block of k into panels the blocks read in order
// (pack_a). Packing moves values, never changes a sum: each element of C is one chain of
// multiply-adds over k, in order, whatever the blocks. The blocking, the packing and the drivers
// are shared; only the 16-column block kernels differ: AVX2+FMA intrinsics on x86-64 processors
// that have them, else plain C loops over fixed 16-wide rows, which the compiler vectorises (NEON
// on arm64, SSE on older x86-64). Where the processor has AVX-512, two strips side by side go to
// one kernel with a 512-bit vector per strip and row (6 rows × 32 columns: twelve accumulators,
// eight loads per twelve multiply-adds); its lanes make the same chains, so the same bits. One to
// three rows of plain B (GEMV) skip packing: AVX2 streams B with up to eight FMA chains (on
// 512-bit vectors where the processor has AVX-512: the same chains), the portable path with axpy
// loops. On x86-64 with AVX2, one to four rows times Bᵀ are dot products of contiguous rows,
// summed in one order on 256-bit and 512-bit vectors alike, and a product with k = 1 that would be
// packed is an outer product, each element the one multiply-add the block kernels make. On Apple
// platforms the unpacked products go to Accelerate's cblas_sgemm.
#include "forecast_kernels.h"
#include "dispatch.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__APPLE__)
// The classic CBLAS interface (32-bit sizes), available at every deployment target; the Swift
// side imports Accelerate, which links the framework.
#include <Accelerate/Accelerate.h>
#endif

#define KC 256

/// n rounded up to whole 16-column strips.
static ptrdiff_t padded(ptrdiff_t n) { return (n + 15) / 16 * 16; }

/// MR rows of C times one packed 16-column strip (row stride 16), k steps; c has row stride ldc.
typedef void (*block_fn)(ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t, const float *, float *, ptrdiff_t, int);

/// MR rows of C times two packed strips side by side (32 columns of C), k steps.
typedef void (*pair_fn)(ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t, const float *, const float *, float *,
                        ptrdiff_t, int);

/// The block kernels of one instruction set, by rows (1 to 6; element 0 unused); `pairs`, where
/// the instruction set has them, take two full strips at once.
typedef struct {
  block_fn rows[7];
  pair_fn pairs[7];
} block_kernels;

// MARK: - Portable kernels

/// The portable block kernel: fixed 16-wide inner loops over a local accumulator, which the
/// compiler keeps in vector registers.
#define PORTABLE_BLOCK(MR)                                                                        \
  static void portable_block##MR(ptrdiff_t k, const float *a, ptrdiff_t rsa, ptrdiff_t csa,       \
                                 const float *bs, float *c, ptrdiff_t ldc, int accumulate) {      \
    float acc[MR][16];                                                                            \
    for (int r = 0; r < MR; r++)                                                                  \
      for (int j = 0; j < 16; j++) acc[r][j] = accumulate ? c[r * ldc + j] : 0.0f;                \
    for (ptrdiff_t p = 0; p < k; p++) {                                                           \
      const float *bp = bs + p * 16;                                                              \
      const float *ap = a + p * csa;                                                              \
      for (int r = 0; r < MR; r++) {                                                              \
        const float av = ap[r * rsa];                                                             \
        for (int j = 0; j < 16; j++) acc[r][j] += av * bp[j];                                     \
      }                                                                                           \
    }                                                                                             \
    for (int r = 0; r < MR; r++)                                                                  \
      for (int j = 0; j < 16; j++) c[r * ldc + j] = acc[r][j];                                    \
  }
PORTABLE_BLOCK(1)
PORTABLE_BLOCK(2)
PORTABLE_BLOCK(3)
PORTABLE_BLOCK(4)
PORTABLE_BLOCK(5)
PORTABLE_BLOCK(6)

static const block_kernels portable_blocks = {{NULL, portable_block1, portable_block2, portable_block3, portable_block4,
                                                portable_block5, portable_block6}, {NULL}};

/// One row of C (+)= a · B for a plain B: axpy over rows of B, which the compiler vectorises.
static void row_portable(ptrdiff_t n, ptrdiff_t k, const float *ai, ptrdiff_t csa,
                         const float *b, ptrdiff_t ldb, float *ci, int accumulate) {
  if (!accumulate) memset(ci, 0, (size_t)n * sizeof(float));
  for (ptrdiff_t p = 0; p < k; p++) {
    const float aip = ai[p * csa];
    const float *bp = b + p * ldb;
    for (ptrdiff_t j = 0; j < n; j++) ci[j] += aip * bp[j];
  }
}

// MARK: - Packing and the shared drivers

/// Columns [j, j + width) of a plain B, rows [p0, p0 + kc), as consecutive kc × 16 strips (the
/// last zero-padded), reading B a row at a time across all the strips: a B of long rows is then
/// read in runs the processor prefetches, not one or two cache lines per row and strip (a 4 KiB
/// row stride puts each row in its own page). Each 16 floats are a copy of constant length,
/// which the compiler inlines as vector moves (a call to memcpy per 64 bytes cost a tenth of a
/// large training step).
static void pack_strips(float *dst, const float *b, ptrdiff_t ldb, ptrdiff_t j, ptrdiff_t width, ptrdiff_t p0,
                        ptrdiff_t kc) {
  for (ptrdiff_t p = 0; p < kc; p++) {
    const float *row = b + (p0 + p) * ldb + j;
    for (ptrdiff_t s = 0; s * 16 < width; s++) {
      float *out = dst + (s * kc + p) * 16;
      if (width - s * 16 >= 16) {
        memcpy(out, row + s * 16, 16 * sizeof(float));
      } else {
        const ptrdiff_t w = width - s * 16;
        memcpy(out, row + s * 16, (size_t)w * sizeof(float));
        for (ptrdiff_t jj = w; jj < 16; jj++) out[jj] = 0.0f;
      }
    }
  }
}

/// Copies columns [j, j + width ≤ 16) of op(B), rows [p0, p0 + kc), into a kc × 16 strip,
/// zero-padded.
static void pack_strip(float *dst, const float *b, ptrdiff_t ldb, int bt,
                       ptrdiff_t j, ptrdiff_t width, ptrdiff_t p0, ptrdiff_t kc) {
  if (!bt) {
    pack_strips(dst, b, ldb, j, width, p0, kc);
    return;
  }
  for (ptrdiff_t p = 0; p < kc; p++) {
    float *row = dst + p * 16;
    for (ptrdiff_t jj = 0; jj < width; jj++) row[jj] = b[(j + jj) * ldb + p0 + p];
    for (ptrdiff_t jj = width; jj < 16; jj++) row[jj] = 0.0f;
  }
}

/// The rows of the next block when `left` rows of C remain: 6, except that 7 and 8 go as 4 + 3 and
/// 4 + 4, so that no block of one or two rows (two or four FMA chains, bound by the latency of
/// the multiply-add) ends a run. The blocking never changes a value: each is its own chain.
static int block_rows(ptrdiff_t left) { return left == 7 || left == 8 ? 4 : (left > 6 ? 6 : (int)left); }

/// Columns [j, j + width) of C (+)= A · one packed strip (kc rows): rows in blocks (block_rows);
/// a strip narrower than 16 goes through a small tile so C is never written past column n.
static void multiply_strip(const block_kernels *kernels, ptrdiff_t m, ptrdiff_t kc,
                           const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                           const float *strip, ptrdiff_t width, float *c, ptrdiff_t ldc, int acc) {
  float tile[6 * 16] __attribute__((aligned(32)));
  ptrdiff_t i = 0;
  while (i < m) {
    const int rows = block_rows(m - i);
    const block_fn block = kernels->rows[rows];
    float *ci = c + i * ldc;
    if (width == 16) {
      block(kc, a + i * rsa, rsa, csa, strip, ci, ldc, acc);
    } else {
      for (int r = 0; r < rows; r++)
        for (ptrdiff_t jj = 0; jj < 16; jj++) tile[r * 16 + jj] = acc && jj < width ? ci[r * ldc + jj] : 0.0f;
      block(kc, a + i * rsa, rsa, csa, strip, tile, 16, 1);
      for (int r = 0; r < rows; r++) memcpy(ci + r * ldc, tile + r * 16, (size_t)width * sizeof(float));
    }
    i += rows;
  }
}

/// Columns [0, 32) of C (+)= A · two full strips side by side, by the pair kernels.
static void multiply_pair(const block_kernels *kernels, ptrdiff_t m, ptrdiff_t kc, const float *a, ptrdiff_t rsa,
                          ptrdiff_t csa, const float *first, const float *second, float *c, ptrdiff_t ldc, int acc) {
  for (ptrdiff_t i = 0; i < m;) {
    const int rows = block_rows(m - i);
    kernels->pairs[rows](kc, a + i * rsa, rsa, csa, first, second, c + i * ldc, ldc, acc);
    i += rows;
  }
}

/// Transposed A (a gradient hᵀ·dz) of at least this many rows, times more than one strip, is
/// packed (pack_a): two blocks of six rows or more read each of its panels once per strip. (Not
/// tuned: the measured gain is at 32 to 128 rows, e.g. 10.8 against 13.1 ms for 128×1024×3072.)
#define PACK_A_ROWS 12

/// Columns [0, kc) of A's m rows in the order multiply_strip's blocks read them: each block of
/// rows (block_rows) as a kc × rows panel, so that a block kernel reads its rows of A from one
/// contiguous run instead of a cache line per step of k (a transposed A's rows are its columns).
/// A transposed A (row stride 1) has a block's rows side by side: a block of six is one copy of
/// constant length per step of k, which the compiler inlines (a loop of single floats took a
/// third of the packing in a 64 × 256 × 384 gradient).
static void pack_a(float *dst, ptrdiff_t m, ptrdiff_t kc, const float *a, ptrdiff_t rsa, ptrdiff_t csa) {
  for (ptrdiff_t i = 0; i < m;) {
    const int rows = block_rows(m - i);
    for (ptrdiff_t p = 0; p < kc; p++) {
      const float *from = a + i * rsa + p * csa;
      float *to = dst + p * rows;
      if (rsa == 1 && rows == 6) memcpy(to, from, 6 * sizeof(float));
      else for (int r = 0; r < rows; r++) to[r] = from[r * rsa];
    }
    dst += kc * rows;
    i += rows;
  }
}

/// multiply_strip, or multiply_pair when `second` is not NULL, over an A packed by pack_a: the
/// same blocks, each from its panel.
static void multiply_strip_packed_a(const block_kernels *kernels, ptrdiff_t m, ptrdiff_t kc, const float *panels,
                                    const float *strip, const float *second, ptrdiff_t width, float *c, ptrdiff_t ldc,
                                    int acc) {
  for (ptrdiff_t i = 0; i < m;) {
    const int rows = block_rows(m - i);
    if (second) multiply_pair(kernels, rows, kc, panels, 1, rows, strip, second, c + i * ldc, ldc, acc);
    else multiply_strip(kernels, rows, kc, panels, 1, rows, strip, width, c + i * ldc, ldc, acc);
    panels += kc * rows;
    i += rows;
  }
}

/// Whether columns [j, j + 32) of [j, end) go to a pair kernel: the kernels have them and both
/// strips are full.
static int pairs_at(const block_kernels *kernels, ptrdiff_t j, ptrdiff_t end) { return kernels->pairs[6] && j + 32 <= end; }

/// One left-hand matrix of a product and its C: C[m, ·] (+)= A[m, k] · op(B), A's element (i, p)
/// at a[i·rsa + p·csa].
struct left_operand {
  ptrdiff_t m;
  const float *a;
  ptrdiff_t rsa, csa;
  float *c;
  ptrdiff_t ldc;
};

/// Columns of op(B) packed at once, when they are more than a pair's: 256 columns of a block of
/// k make 256 KiB, which stay in L2 while every left-hand operand reads them.
#define CHUNK_COLUMNS 256

/// A plain B of at least this many floats (2 MiB, an L2 or more) is packed in chunks: it is read
/// from L3 or memory, where reading it a row at a time pays (the large network's gradient hᵀ·dz,
/// 3072 × 1024: packing 5.2 % of the profile instead of 9.5 %). A smaller B is still in L2 and
/// packed strip by strip, each strip then read from L1 (64 × 256 × 384: 98 µs against 106 chunked).
#define CHUNKED_B_FLOATS (1 << 19)

/// C (+)= A·op(B) for each of `count` left-hand operands, packing op(B) as it goes, once for all
/// of them: k in blocks of KC; in each, the strips of up to CHUNK_COLUMNS columns of a large plain
/// B at once (pack_strips), else each strip (two, for a pair kernel) before it is used. A
/// transposed A of PACK_A_ROWS rows or more is packed too, once per block of k. Scratch that
/// cannot be had falls back to packing strip by strip, and A not at all. Each operand's values
/// are those of its product alone. At most two operands (count ≤ 2).
static void sgemm_packing_shared(const block_kernels *kernels, const struct left_operand *operands, int count,
                                 ptrdiff_t n, ptrdiff_t k, const float *b, ptrdiff_t ldb, int bt, int accumulate) {
  float strips[2 * KC * 16] __attribute__((aligned(64)));
  float *const second_strip = strips + KC * 16;
  const ptrdiff_t kmax = k < KC ? k : KC, chunk = padded(n) < CHUNK_COLUMNS ? padded(n) : CHUNK_COLUMNS;
  void *scratch = NULL;
  const size_t chunk_bytes = (size_t)(kmax * chunk) * sizeof(float);
  if (!bt && n > 32 && k * n >= CHUNKED_B_FLOATS && posix_memalign(&scratch, 64, chunk_bytes)) scratch = NULL;
  float *const packed = scratch;
  float *panels[2] = {NULL, NULL};
  for (int o = 0; o < count; o++) {
    const struct left_operand *x = &operands[o];
    if (x->csa != 1 && x->m >= PACK_A_ROWS && n > 16) panels[o] = malloc((size_t)(x->m * kmax) * sizeof(float));
  }
  for (ptrdiff_t p0 = 0; p0 < k; p0 += KC) {
    const ptrdiff_t kc = k - p0 < KC ? k - p0 : KC;
    const int acc = accumulate || p0 > 0;
    for (int o = 0; o < count; o++)
      if (panels[o]) pack_a(panels[o], operands[o].m, kc, operands[o].a + p0 * operands[o].csa, operands[o].rsa, operands[o].csa);
    for (ptrdiff_t j0 = 0; j0 < n; j0 += chunk) {
      const ptrdiff_t end = n - j0 < chunk ? n : j0 + chunk;
      if (packed) pack_strips(packed, b, ldb, j0, end - j0, p0, kc);
      for (ptrdiff_t j = j0; j < end;) {
        const int pair = pairs_at(kernels, j, end);
        const ptrdiff_t width = pair ? 32 : (end - j < 16 ? end - j : 16);
        const float *first = strips, *second = second_strip;
        if (packed) {
          first = packed + (j - j0) * kc;
          second = first + kc * 16;
        } else {
          pack_strip(strips, b, ldb, bt, j, pair ? 16 : width, p0, kc);
          if (pair) pack_strip(second_strip, b, ldb, bt, j + 16, 16, p0, kc);
        }
        for (int o = 0; o < count; o++) {
          const struct left_operand *x = &operands[o];
          float *c = x->c + j;
          if (panels[o])
            multiply_strip_packed_a(kernels, x->m, kc, panels[o], first, pair ? second : NULL, width, c, x->ldc, acc);
          else if (pair) multiply_pair(kernels, x->m, kc, x->a + p0 * x->csa, x->rsa, x->csa, first, second, c, x->ldc, acc);
          else multiply_strip(kernels, x->m, kc, x->a + p0 * x->csa, x->rsa, x->csa, first, width, c, x->ldc, acc);
        }
        j += pair ? 32 : 16;
      }
    }
  }
  for (int o = 0; o < count; o++) free(panels[o]);
  free(packed);
}

/// C (+)= A·op(B), packing op(B) as it goes (sgemm_packing_shared with one operand).
static void sgemm_packing(const block_kernels *kernels, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                          const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                          const float *b, ptrdiff_t ldb, int bt,
                          float *c, ptrdiff_t ldc, int accumulate) {
  const struct left_operand operand = {m, a, rsa, csa, c, ldc};
  sgemm_packing_shared(kernels, &operand, 1, n, k, b, ldb, bt, accumulate);
}

// Pre-packed layout: k in blocks of KC; block p0 starts at p0 · n16 and holds its strips one
// after the other, each kc × 16 (n16 = n rounded up to 16, see padded()).

/// Columns [j0, j1) of C (+)= A · op(B) pre-packed.
static void sgemm_prepacked(const block_kernels *kernels, ptrdiff_t m, ptrdiff_t n, ptrdiff_t j0, ptrdiff_t j1,
                            ptrdiff_t k, const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                            const float *packed, float *c, ptrdiff_t ldc, int accumulate) {
  const ptrdiff_t n16 = padded(n);
  for (ptrdiff_t p0 = 0; p0 < k; p0 += KC) {
    const ptrdiff_t kc = k - p0 < KC ? k - p0 : KC;
    const int acc = accumulate || p0 > 0;
    for (ptrdiff_t j = j0; j < j1;) {
      const float *strip = packed + p0 * n16 + (j / 16) * kc * 16;  // the next strip follows it
      if (pairs_at(kernels, j, j1)) {
        multiply_pair(kernels, m, kc, a + p0 * csa, rsa, csa, strip, strip + kc * 16, c + j, ldc, acc);
        j += 32;
      } else {
        multiply_strip(kernels, m, kc, a + p0 * csa, rsa, csa, strip, j1 - j < 16 ? j1 - j : 16, c + j, ldc, acc);
        j += 16;
      }
    }
  }
}

#if FK_X86
// MARK: - AVX2 + FMA kernels

FK_AVX2 static inline __m256i tail_mask(ptrdiff_t count) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), lanes);
}

FK_AVX2 static inline float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
  return _mm_cvtss_f32(s);
}

/// NV vectors (WIDTH·NV columns, the last masked to `width` columns) of one row of C, the whole
/// k loop in NV registers: NV independent FMA chains, each lane one chain over k in order — so
/// the same bits on 256-bit and 512-bit vectors. MASK(count) makes the last vector's mask.
#define ROW_KERNEL(NAME, TARGET, NV, VEC, WIDTH, MASK_T, MASK, LOAD, MASKLOAD, STORE, MASKSTORE, SET1, FMADD, ZERO) \
  TARGET static void NAME(ptrdiff_t width, ptrdiff_t k, const float *ai, ptrdiff_t csa,           \
                          const float *b, ptrdiff_t ldb, float *ci, int accumulate) {             \
    const MASK_T mask = MASK(width - WIDTH * (NV - 1));                                           \
    VEC acc[NV];                                                                                  \
    for (int v = 0; v < NV - 1; v++) acc[v] = accumulate ? LOAD(ci + WIDTH * v) : ZERO();         \
    acc[NV - 1] = accumulate ? MASKLOAD(mask, ci + WIDTH * (NV - 1)) : ZERO();                     \
    for (ptrdiff_t p = 0; p < k; p++) {                                                           \
      const VEC av = SET1(ai[p * csa]);                                                           \
      const float *bp = b + p * ldb;                                                              \
      for (int v = 0; v < NV - 1; v++) acc[v] = FMADD(av, LOAD(bp + WIDTH * v), acc[v]);         \
      acc[NV - 1] = FMADD(av, MASKLOAD(mask, bp + WIDTH * (NV - 1)), acc[NV - 1]);                 \
    }                                                                                             \
    for (int v = 0; v < NV - 1; v++) STORE(ci + WIDTH * v, acc[v]);                               \
    MASKSTORE(ci + WIDTH * (NV - 1), mask, acc[NV - 1]);                                          \
  }
#define MASKLOAD_256(mask, x) _mm256_maskload_ps((x), (mask))
#define ROW_KERNEL_256(NV)                                                                        \
  ROW_KERNEL(row##NV, FK_AVX2, NV, __m256, 8, __m256i, tail_mask, _mm256_loadu_ps, MASKLOAD_256,  \
             _mm256_storeu_ps, _mm256_maskstore_ps, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_setzero_ps)
ROW_KERNEL_256(1)
ROW_KERNEL_256(2)
ROW_KERNEL_256(3)
ROW_KERNEL_256(4)
ROW_KERNEL_256(5)
ROW_KERNEL_256(6)
ROW_KERNEL_256(7)
ROW_KERNEL_256(8)

typedef void (*row_fn)(ptrdiff_t, ptrdiff_t, const float *, ptrdiff_t, const float *, ptrdiff_t, float *, int);
static const row_fn row_kernels[9] = {NULL, row1, row2, row3, row4, row5, row6, row7, row8};

/// One row of C (GEMV) in passes over k of up to eight vectors of `lanes` columns each: the
/// fewest passes, the columns shared evenly between them in whole vectors (400 columns on 256-bit
/// vectors: 64, 56, 56, 56, 56, 56, 56), so no pass is a short one whose few FMA chains wait on
/// their own latency while it streams k rows of B for a few columns.
static void row_passes(const row_fn kernels[9], ptrdiff_t lanes, ptrdiff_t n, ptrdiff_t k, const float *ai,
                       ptrdiff_t csa, const float *b, ptrdiff_t ldb, float *ci, int accumulate) {
  const ptrdiff_t vectors = (n + lanes - 1) / lanes, passes = (vectors + 7) / 8;
  ptrdiff_t j = 0;
  for (ptrdiff_t pass = 0; pass < passes; pass++) {
    const ptrdiff_t left = passes - pass, count = (vectors - j / lanes + left - 1) / left;
    const ptrdiff_t width = n - j < lanes * count ? n - j : lanes * count;
    kernels[count](width, k, ai, csa, b + j, ldb, ci + j, accumulate);
    j += width;
  }
}

/// The row kernels on 512-bit vectors (16·NV columns): 64-byte loads draw B from L2 faster than
/// 32-byte ones, and a GEMV's B seldom fits L1 (100 × 400 floats: 1.21 against 1.68 µs). MASK_512
/// takes a count of 1 … 16 (the lanes of a row kernel's last vector).
#define MASK_512(count) ((__mmask16)((1u << (count)) - 1))
#define ROW_KERNEL_512(NV)                                                                        \
  ROW_KERNEL(row##NV##x16, FK_AVX512, NV, __m512, 16, __mmask16, MASK_512, _mm512_loadu_ps,       \
             _mm512_maskz_loadu_ps, _mm512_storeu_ps, _mm512_mask_storeu_ps, _mm512_set1_ps,      \
             _mm512_fmadd_ps, _mm512_setzero_ps)
ROW_KERNEL_512(1)
ROW_KERNEL_512(2)
ROW_KERNEL_512(3)
ROW_KERNEL_512(4)
ROW_KERNEL_512(5)
ROW_KERNEL_512(6)
ROW_KERNEL_512(7)
ROW_KERNEL_512(8)

static const row_fn row_kernels_512[9] = {NULL, row1x16, row2x16, row3x16, row4x16, row5x16, row6x16, row7x16, row8x16};

/// The body of a block kernel: MR rows of C (+)= A · two column vectors of B per step of k, read
/// at first + 16p and second + 16p (VEC holds WIDTH floats; C's second vector starts WIDTH columns
/// after its first). Each lane is one chain of multiply-adds over k, in order.
#define TWO_VECTOR_BLOCK(MR, VEC, WIDTH, LOAD, STORE, SET1, FMADD, ZERO)                          \
  VEC lo[MR], hi[MR];                                                                             \
  for (int r = 0; r < MR; r++) {                                                                  \
    lo[r] = accumulate ? LOAD(c + r * ldc) : ZERO();                                              \
    hi[r] = accumulate ? LOAD(c + r * ldc + WIDTH) : ZERO();                                      \
  }                                                                                               \
  for (ptrdiff_t p = 0; p < k; p++) {                                                             \
    const VEC b0 = LOAD(first + p * 16), b1 = LOAD(second + p * 16);                              \
    const float *ap = a + p * csa;                                                                \
    for (int r = 0; r < MR; r++) {                                                                \
      const VEC av = SET1(ap[r * rsa]);                                                           \
      lo[r] = FMADD(av, b0, lo[r]);                                                               \
      hi[r] = FMADD(av, b1, hi[r]);                                                               \
    }                                                                                             \
  }                                                                                               \
  for (int r = 0; r < MR; r++) {                                                                  \
    STORE(c + r * ldc, lo[r]);                                                                    \
    STORE(c + r * ldc + WIDTH, hi[r]);                                                            \
  }

/// MR rows of C times one packed 16-column strip of op(B) (row stride 16), k steps: the strip's
/// two halves as two 256-bit vectors.
#define BLOCK_KERNEL(MR)                                                                          \
  FK_AVX2 static void block##MR##x16(ptrdiff_t k, const float *a, ptrdiff_t rsa, ptrdiff_t csa,   \
                                     const float *bs, float *c, ptrdiff_t ldc, int accumulate) {  \
    const float *first = bs, *second = bs + 8;                                                    \
    TWO_VECTOR_BLOCK(MR, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_set1_ps, _mm256_fmadd_ps, \
                     _mm256_setzero_ps)                                                           \
  }
BLOCK_KERNEL(1)
BLOCK_KERNEL(2)
BLOCK_KERNEL(3)
BLOCK_KERNEL(4)
BLOCK_KERNEL(5)
BLOCK_KERNEL(6)

static const block_kernels avx2_blocks = {{NULL, block1x16, block2x16, block3x16, block4x16, block5x16, block6x16}, {NULL}};

// MARK: - AVX-512 pair kernels

/// MR rows of C times two packed strips side by side (32 columns of C): one 512-bit vector per
/// strip and row, so lane j of a row makes the same chain as block##MR##x16's lane j.
#define PAIR_KERNEL(MR)                                                                           \
  FK_AVX512 static void pair##MR##x32(ptrdiff_t k, const float *a, ptrdiff_t rsa, ptrdiff_t csa,  \
                                      const float *first, const float *second, float *c, ptrdiff_t ldc, \
                                      int accumulate) {                                           \
    TWO_VECTOR_BLOCK(MR, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_set1_ps, _mm512_fmadd_ps, \
                     _mm512_setzero_ps)                                                           \
  }
PAIR_KERNEL(1)
PAIR_KERNEL(2)
PAIR_KERNEL(3)
PAIR_KERNEL(4)
PAIR_KERNEL(5)
PAIR_KERNEL(6)

/// AVX2's block kernels for single strips, the pair kernels for two.
static const block_kernels avx512_blocks = {{NULL, block1x16, block2x16, block3x16, block4x16, block5x16, block6x16},
                                            {NULL, pair1x32, pair2x32, pair3x32, pair4x32, pair5x32, pair6x32}};

/// The packed-product kernels this processor runs (AVX2 or above).
static const block_kernels *x86_blocks(void) { return fk_has_avx512() ? &avx512_blocks : &avx2_blocks; }

/// Dot products of one contiguous row of A with `count` (1 to 4) contiguous rows of B: two
/// accumulators per row, so four rows keep eight FMA chains in flight.
FK_AVX2 static inline __attribute__((always_inline)) void dots(ptrdiff_t k, const float *ai, const float *b, ptrdiff_t ldb, int count, float *out) {
  const ptrdiff_t k8 = k - k % 8;
  const __m256i mask = tail_mask(k - k8);
  __m256 lo[4], hi[4];
  for (int r = 0; r < 4; r++) lo[r] = hi[r] = _mm256_setzero_ps();
  ptrdiff_t p = 0;
  for (; p + 16 <= k8; p += 16) {
    const __m256 a0 = _mm256_loadu_ps(ai + p), a1 = _mm256_loadu_ps(ai + p + 8);
    for (int r = 0; r < count; r++) {
      lo[r] = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b + r * ldb + p), lo[r]);
      hi[r] = _mm256_fmadd_ps(a1, _mm256_loadu_ps(b + r * ldb + p + 8), hi[r]);
    }
  }
  if (p < k8) {
    const __m256 a0 = _mm256_loadu_ps(ai + p);
    for (int r = 0; r < count; r++) lo[r] = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b + r * ldb + p), lo[r]);
  }
  if (k8 < k) {
    const __m256 a0 = _mm256_maskload_ps(ai + k8, mask);
    for (int r = 0; r < count; r++) hi[r] = _mm256_fmadd_ps(a0, _mm256_maskload_ps(b + r * ldb + k8, mask), hi[r]);
  }
  for (int r = 0; r < count; r++) out[r] = horizontal_sum(_mm256_add_ps(lo[r], hi[r]));
}

/// x[0 … count) (count < 8) in lanes 8 … 8 + count − 1, zeros elsewhere.
FK_AVX512 static inline __m512 high_half(const float *x, ptrdiff_t count) {
  const __m256d part = _mm256_castps_pd(_mm256_maskload_ps(x, tail_mask(count)));
  return _mm512_castpd_ps(_mm512_insertf64x4(_mm512_setzero_pd(), part, 1));
}

/// dots on 512-bit vectors: one accumulator per row whose low half is dots' `lo` and high half
/// its `hi` — lane for lane the same multiply-adds, so the same sums, bit for bit — with 64-byte
/// loads, which draw B from L2 faster (100 rows of 400 floats: 1.57 against 1.21 µs).
FK_AVX512 static inline __attribute__((always_inline)) void dots512(ptrdiff_t k, const float *ai, const float *b, ptrdiff_t ldb, int count, float *out) {
  const ptrdiff_t k8 = k - k % 8;
  __m512 acc[4];
  for (int r = 0; r < 4; r++) acc[r] = _mm512_setzero_ps();
  ptrdiff_t p = 0;
  for (; p + 16 <= k8; p += 16) {
    const __m512 a = _mm512_loadu_ps(ai + p);
    for (int r = 0; r < count; r++) acc[r] = _mm512_fmadd_ps(a, _mm512_loadu_ps(b + r * ldb + p), acc[r]);
  }
  if (p < k8) {  // eight left: into the low half (lo)
    const __m512 a = _mm512_maskz_loadu_ps(0x00FF, ai + p);
    for (int r = 0; r < count; r++)
      acc[r] = _mm512_mask3_fmadd_ps(a, _mm512_maskz_loadu_ps(0x00FF, b + r * ldb + p), acc[r], 0x00FF);
  }
  if (k8 < k) {  // the last k mod 8: into the high half (hi), lane 8 + i for k8 + i
    const __mmask16 tail = (__mmask16)(((1u << (k - k8)) - 1) << 8);
    const __m512 a = high_half(ai + k8, k - k8);
    for (int r = 0; r < count; r++) acc[r] = _mm512_mask3_fmadd_ps(a, high_half(b + r * ldb + k8, k - k8), acc[r], tail);
  }
  for (int r = 0; r < count; r++) {
    const __m256 lo = _mm512_castps512_ps256(acc[r]);
    const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc[r]), 1));
    out[r] = horizontal_sum(_mm256_add_ps(lo, hi));
  }
}

/// C[m ≤ 4, n] (+)= A·Bᵀ with B row-major [n, k] and A rows contiguous: dot products, four
/// columns of C at a time (DOTS: dots or dots512).
#define NT_DOTS(NAME, TARGET, DOTS)                                                               \
  TARGET static void NAME(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t rsa,   \
                          const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc, int accumulate) { \
    float sums[4];                                                                                \
    for (ptrdiff_t j = 0; j < n; j += 4) {                                                        \
      const int count = n - j < 4 ? (int)(n - j) : 4;                                             \
      for (ptrdiff_t i = 0; i < m; i++) {                                                         \
        /* A literal count for full groups, so the inlined loops unroll into registers. */        \
        if (count == 4) DOTS(k, a + i * rsa, b + j * ldb, ldb, 4, sums);                          \
        else DOTS(k, a + i * rsa, b + j * ldb, ldb, count, sums);                                 \
        float *ci = c + i * ldc + j;                                                              \
        for (int r = 0; r < count; r++) ci[r] = accumulate ? ci[r] + sums[r] : sums[r];           \
      }                                                                                           \
    }                                                                                             \
  }
NT_DOTS(sgemm_nt_dots_avx2, FK_AVX2, dots)
NT_DOTS(sgemm_nt_dots_avx512, FK_AVX512, dots512)

/// C (+)= A·op(B) for k = 1, an outer product: each element one multiply-add from C (or from +0),
/// as the block kernels compute it for k = 1, without packing a strip of B and running 16-wide
/// blocks (which cost more than the products do for the output layer's gradient of a batch of
/// one: one column). op(B)'s one row is b[j · b_stride].
FK_AVX2 static void outer_product(ptrdiff_t m, ptrdiff_t n, const float *a, ptrdiff_t rsa, const float *b,
                                  ptrdiff_t b_stride, float *c, ptrdiff_t ldc, int accumulate) {
  for (ptrdiff_t i = 0; i < m; i++) {
    const float ai = a[i * rsa];
    float *ci = c + i * ldc;
    for (ptrdiff_t j = 0; j < n; j++) ci[j] = fmaf(ai, b[j * b_stride], accumulate ? ci[j] : 0.0f);
  }
}

FK_AVX2 static void sgemm_avx2(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                               const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                               const float *b, ptrdiff_t ldb, int bt,
                               float *c, ptrdiff_t ldc, int accumulate) {
  if (!bt && m < 4) {
    // A few rows (GEMV): stream B once per row with up to eight FMA chains; no packing.
    const int wide = fk_has_avx512();
    for (ptrdiff_t i = 0; i < m; i++) {
      row_passes(wide ? row_kernels_512 : row_kernels, wide ? 16 : 8, n, k, a + i * rsa, csa, b, ldb, c + i * ldc,
                 accumulate);
    }
  } else if (bt && m <= 4 && csa == 1) {
    if (fk_has_avx512()) sgemm_nt_dots_avx512(m, n, k, a, rsa, b, ldb, c, ldc, accumulate);
    else sgemm_nt_dots_avx2(m, n, k, a, rsa, b, ldb, c, ldc, accumulate);
  } else if (k == 1) {
    outer_product(m, n, a, rsa, b, bt ? ldb : 1, c, ldc, accumulate);
  } else {
    sgemm_packing(x86_blocks(), m, n, k, a, rsa, csa, b, ldb, bt, c, ldc, accumulate);
  }
}

#endif

// MARK: - One column of A

#if FK_X86 && !defined(__APPLE__)
/// C[i, j] = fma(a[i·a_stride], b[j], bias[j]) (bias 0 when NULL), masked at the end of a row.
FK_AVX2 static void affine_column_avx2(ptrdiff_t m, ptrdiff_t n, const float *a, ptrdiff_t a_stride, const float *b,
                                       const float *bias, float *c, ptrdiff_t ldc) {
  const __m256i mask = tail_mask(n % 8);
  for (ptrdiff_t i = 0; i < m; i++) {
    const __m256 ai = _mm256_set1_ps(a[i * a_stride]);
    float *ci = c + i * ldc;
    ptrdiff_t j = 0;
    for (; j + 8 <= n; j += 8) {
      const __m256 start = bias ? _mm256_loadu_ps(bias + j) : _mm256_setzero_ps();
      _mm256_storeu_ps(ci + j, _mm256_fmadd_ps(ai, _mm256_loadu_ps(b + j), start));
    }
    if (j < n) {
      const __m256 start = bias ? _mm256_maskload_ps(bias + j, mask) : _mm256_setzero_ps();
      _mm256_maskstore_ps(ci + j, mask, _mm256_fmadd_ps(ai, _mm256_maskload_ps(b + j, mask), start));
    }
  }
}
#endif

int fk_sgemm_column_bias_available(void) {
#if FK_X86 && !defined(__APPLE__)
  return fk_has_avx2_fma();
#else
  return 0;
#endif
}

int fk_sgemm_column_bias(ptrdiff_t m, ptrdiff_t n, const float *a, ptrdiff_t a_stride, const float *b,
                         const float *bias, float *c, ptrdiff_t ldc) {
#if FK_X86 && !defined(__APPLE__)
  if (fk_sgemm_column_bias_available()) {
    affine_column_avx2(m, n, a, a_stride, b, bias, c, ldc);
    return 1;
  }
#endif
  (void)m, (void)n, (void)a, (void)a_stride, (void)b, (void)bias, (void)c, (void)ldc;
  return 0;
}

// MARK: - Dispatch

#if defined(__APPLE__)
/// C (+)= A·op(B) with Accelerate, when A's strides fit BLAS (one of them 1, leading dimensions
/// no smaller than BLAS requires); returns 0 when they do not, for the caller to use its own.
static int sgemm_accelerate(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            const float *a, ptrdiff_t rsa, ptrdiff_t csa,
                            const float *b, ptrdiff_t ldb, int bt,
                            float *c, ptrdiff_t ldc, int accumulate) {
  enum CBLAS_TRANSPOSE transpose_a;
  ptrdiff_t lda;
  if (csa == 1 && rsa >= k) { transpose_a = CblasNoTrans; lda = rsa; }
  else if (rsa == 1 && csa >= m) { transpose_a = CblasTrans; lda = csa; }
  else return 0;
  if (ldb < (bt ? k : n) || ldc < n) return 0;
  if (m > INT_MAX || n > INT_MAX || k > INT_MAX || lda > INT_MAX || ldb > INT_MAX || ldc > INT_MAX) return 0;
  cblas_sgemm(CblasRowMajor, transpose_a, bt ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k, 1.0f,
              a, (int)(lda > 1 ? lda : 1), b, (int)(ldb > 1 ? ldb : 1), accumulate ? 1.0f : 0.0f,
              c, (int)(ldc > 1 ? ldc : 1));
  return 1;
}
#endif

/// The block kernels this processor runs.
static const block_kernels *chosen_blocks(void) {
#if FK_X86
  if (fk_has_avx2_fma()) return x86_blocks();
#endif
  return &portable_blocks;
}

ptrdiff_t fk_packed_size(ptrdiff_t k, ptrdiff_t n) { return k * padded(n); }

int fk_prefers_packing(void) {
#if defined(__APPLE__)
  return fk_portable_forced();
#else
  return 1;
#endif
}

void fk_pack_b(ptrdiff_t k, ptrdiff_t n, const float *b, ptrdiff_t ldb, int b_transposed, float *dst) {
  const ptrdiff_t n16 = padded(n);
  for (ptrdiff_t p0 = 0; p0 < k; p0 += KC) {
    const ptrdiff_t kc = k - p0 < KC ? k - p0 : KC;
    for (ptrdiff_t j = 0; j < n; j += 16)
      pack_strip(dst + p0 * n16 + (j / 16) * kc * 16, b, ldb, b_transposed, j, n - j < 16 ? n - j : 16, p0, kc);
  }
}

void fk_sgemm_packed(ptrdiff_t m, ptrdiff_t n, ptrdiff_t j0, ptrdiff_t j1, ptrdiff_t k,
                     const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                     const float *packed, float *c, ptrdiff_t ldc, int accumulate) {
  if (m <= 0 || j1 <= j0) return;
  if (k <= 0) {
    if (!accumulate)
      for (ptrdiff_t i = 0; i < m; i++) memset(c + i * ldc + j0, 0, (size_t)(j1 - j0) * sizeof(float));
    return;
  }
  sgemm_prepacked(chosen_blocks(), m, n, j0, j1, k, a, a_row_stride, a_column_stride, packed, c, ldc, accumulate);
}

void fk_sgemm_two(ptrdiff_t n, ptrdiff_t k, const float *b, ptrdiff_t ldb,
                  ptrdiff_t m1, const float *a1, ptrdiff_t a1_row_stride, ptrdiff_t a1_column_stride, float *c1, ptrdiff_t ldc1,
                  ptrdiff_t m2, const float *a2, ptrdiff_t a2_row_stride, ptrdiff_t a2_column_stride, float *c2, ptrdiff_t ldc2) {
  // Where fk_sgemm would not pack (the GEMV, dot-product, outer-product and Accelerate paths), or
  // with an empty product, the two products one after the other.
  const int apart = n <= 0 || k <= 1 || m1 < 4 || m2 < 4 || fk_prefers_packing() == 0;
  if (apart) {
    fk_sgemm(m1, n, k, a1, a1_row_stride, a1_column_stride, b, ldb, 0, c1, ldc1, 0);
    fk_sgemm(m2, n, k, a2, a2_row_stride, a2_column_stride, b, ldb, 0, c2, ldc2, 0);
    return;
  }
  const struct left_operand operands[2] = {{m1, a1, a1_row_stride, a1_column_stride, c1, ldc1},
                                           {m2, a2, a2_row_stride, a2_column_stride, c2, ldc2}};
  sgemm_packing_shared(chosen_blocks(), operands, 2, n, k, b, ldb, 0, 0);
}

void fk_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
              const float *b, ptrdiff_t ldb, int b_transposed,
              float *c, ptrdiff_t ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (ptrdiff_t i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
    return;
  }
#if defined(__APPLE__)
  if (!fk_portable_forced() &&
      sgemm_accelerate(m, n, k, a, a_row_stride, a_column_stride, b, ldb, b_transposed, c, ldc, accumulate))
    return;
#endif
#if FK_X86
  if (fk_has_avx2_fma()) {
    sgemm_avx2(m, n, k, a, a_row_stride, a_column_stride, b, ldb, b_transposed, c, ldc, accumulate);
    return;
  }
#endif
  if (!b_transposed && m < 4) {
    for (ptrdiff_t i = 0; i < m; i++)
      row_portable(n, k, a + i * a_row_stride, a_column_stride, b, ldb, c + i * ldc, accumulate);
  } else {
    sgemm_packing(&portable_blocks, m, n, k, a, a_row_stride, a_column_stride, b, ldb, b_transposed, c, ldc, accumulate);
  }
}
