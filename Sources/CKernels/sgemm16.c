// The 16-lane matrix kernel: 32-column panels and a 12×32 register tile (24 16-float accumulators), compiled for
// AVX-512 on x86-64 (callers choose it only where `lgf_cpu_level` says the CPU has AVX-512) and for the
// baseline elsewhere, where it is correct but never chosen.
//
// Blocking, outermost first:
// - Depth blocks of kc ≤ 512 (as even as possible; ≤ 128 when op(A) has fewer than 256 rows). The first block writes
//   C (or starts from the bias row), later ones add to it.
// - Per depth block, op(B) is copied into 32-column panels, `[p][32]` contiguous, so that a tile reads it as one
//   stream (plain B is read in place when op(A) has few rows); transposed A with rows ≥ 256 floats is copied into
//   12-row blocks, `[block][p][12]`.
// - Tiles of 12 rows × one panel. With ≥ 256 rows, all panels run against one row block (which stays in L1) before
//   the next; with fewer, all row blocks run against one panel, so that each panel of B is read once.
// - The tiles: 12×32 (two depths per loop trip when deep), 12×16 for a last panel of at most 16 columns, and 8×48
//   for products with 33 to 48 columns.
// Aᵀ·B with B narrow is computed as (Bᵀ·A)ᵀ, so that the large A is the streamed operand.
//
// Why it exists: OpenBLAS 0.3.21 runs its generic SSE3 kernels on CPUs it does not recognise (Intel Sapphire and
// Emerald Rapids), where this kernel reaches 85–160 GFLOP/s on the flow shapes (one thread, peak ≈ 175) against
// 25–32.
#include "CKernels.h"
#include "targets.h"

#if LGF_HAS_X86_LEVELS
#pragma clang attribute push(LGF_TARGET_AVX512, apply_to = function)
#endif

#include "sgemm16_packing.h"
#include "sgemm16_tiles.h"

enum { lgf_panel = 32, lgf_tile_rows = 12, lgf_wide_width = 48, lgf_wide_rows = 8, lgf_row_unit = 24 };

static long lgf_min(long a, long b) { return a < b ? a : b; }
static long lgf_max(long a, long b) { return a > b ? a : b; }

/// Whether op(A) has so few rows (m < 256) that B is the operand worth streaming well: each of B's panels then serves
/// all row blocks before the next is read, plain B is read in place, and depth blocks are short.
static bool lgf_few_rows(long m) { return m < 256; }

/// Whether every panel of op(B) is copied: B transposed always (its columns are strided); plain B when many row
/// blocks reuse the copy (in place, its rows ldb apart map to few L1 sets; for m ≤ 43 the copy cost 5–20%).
static bool lgf_packs_b(long m, bool transpose_b) { return transpose_b || !lgf_few_rows(m); }

/// Whether op(A)'s depth block is copied to `[row block][p][12]`: A transposed with rows of 256 floats or more
/// (512·512·1000 TN 133 → 144 GFLOP/s); for shorter rows the copy costs more than it saves.
static bool lgf_packs_a(long lda, bool transpose_a) { return transpose_a && lda >= 256; }

/// The depth of each block, as even as possible under the limit: 512 (a 12 × 512 block of op(A) stays in L1), or
/// 128 when op(A) has few rows, so that the panels of B read in place span only 128 of its rows.
static long lgf_depth_block(long k, long m) {
    const long limit = lgf_few_rows(m) ? 128 : 512, blocks = (k + limit - 1) / limit;
    return (k + blocks - 1) / blocks;
}

/// Whether Aᵀ·B is computed as (Bᵀ·A)ᵀ: a narrow layer's weight gradient (n < 64 and m ≥ 256, or n ≤ 32 and m ≥ 96),
/// where Aᵀ·B would read few columns of B against all of A (512·43·1000 TN 86 → 114 GFLOP/s, 100·10·1000 49 → 93).
static bool lgf_transposes_product(long m, long n, bool transpose_a, bool transpose_b) {
    return transpose_a && !transpose_b && ((m >= 256 && n < 64) || (m >= 96 && n <= lgf_panel));
}

/// Whether the product runs on the 8×48 tile: 33 to 48 columns, which it covers with fewer loads per FMA.
static bool lgf_uses_wide_tile(long n, long lda, bool transpose_a) {
    return n > lgf_panel && n <= lgf_wide_width && !lgf_packs_a(lda, transpose_a);
}

/// The scratch of one `lgf_blocked16` call on an m × n block with depth blocks `depth` deep, laid out for
/// `layout_rows` rows of op(A).
static long lgf_blocked_scratch16(long m, long n, bool transpose_a, bool transpose_b, long depth, long layout_rows) {
    const long panels = lgf_packs_b(layout_rows, transpose_b) ? (n + lgf_panel - 1) / lgf_panel : (n % lgf_panel > 0 ? 1 : 0);
    const long row_blocks = (m + lgf_tile_rows - 1) / lgf_tile_rows;
    const long count = panels * lgf_panel * depth + (transpose_a ? row_blocks * lgf_tile_rows * depth : 0);
    return n > lgf_panel && n <= lgf_wide_width ? lgf_max(count, lgf_wide_width * depth) : count;
}

struct lgf_sgemm16_partition lgf_sgemm16_partition(long m, long n, long k, bool transpose_a, bool transpose_b, long parts) {
    const bool transposed = lgf_transposes_product(m, n, transpose_a, transpose_b);
    // The product the parts divide: on the (Bᵀ·A)ᵀ route Bᵀ·A, n × m, Bᵀ its transposed left operand.
    const long rows = transposed ? n : m, columns = transposed ? m : n;
    const bool left_transposed = transposed || transpose_a, right_transposed = transposed ? false : transpose_b;
    const long depth = lgf_depth_block(k, rows);
    // Few rows: whole column panels, each of B's panels packed (or read) by one part only. Otherwise, or with a
    // single panel (or the 8×48 tile's 48 columns), whole row tiles.
    const bool by_rows = !lgf_few_rows(rows) || columns <= lgf_wide_width;
    const long unit = by_rows ? lgf_row_unit : lgf_panel, extent = by_rows ? rows : columns;
    const long units = (extent + unit - 1) / unit, wanted = lgf_max(1, lgf_min(parts, units));
    const long step = (units + wanted - 1) / wanted * unit;
    struct lgf_sgemm16_partition partition = {
        .count = (extent + step - 1) / step,
        .shared_scratch_count = transposed ? n * m : 0,
        .part_scratch_count = lgf_blocked_scratch16(by_rows ? lgf_min(step, rows) : rows, by_rows ? columns : lgf_min(step, columns),
                                                    left_transposed, right_transposed, depth, rows),
        .transposed = transposed, .by_rows = by_rows, .step = step, .depth = depth, .layout_rows = rows,
    };
    return partition;
}

/// C[r, 0..<columns] ← tanh(C[r, 0..<columns]) for `rows` rows `ldc` apart (as one run when contiguous).
static void lgf_apply_tanh16(float *c, long rows, long columns, long ldc) {
    if (ldc == columns) {
        lgf_vector_tanh(LGF_LEVEL_AVX512, c, c, rows * columns);
        return;
    }
    for (long r = 0; r < rows; r++) lgf_vector_tanh(LGF_LEVEL_AVX512, c + r * ldc, c + r * ldc, columns);
}

/// Hints the 32 columns at `panel` of `rows` rows `ldb` apart into L2: the next panel of a B read in place (the
/// hardware prefetchers follow 128 bytes per row poorly; 20·512·1000 TN 42–54 → 59–67 GFLOP/s with B evicted).
static void lgf_prefetch_panel(const float *panel, long ldb, long rows) {
    for (long r = 0; r < rows; r++) {
        __builtin_prefetch(panel + r * ldb, 0, 2);
        __builtin_prefetch(panel + r * ldb + 16, 0, 2);
    }
}

/// C[i, j] (=|+=) p[j·ldp + i] (+ bias[j]) for i < m, j < n: C is the transpose of the n × m product p.
static void lgf_transpose_into(const float *p, long ldp, long m, long n, float *c, long ldc, bool accumulate, const float *bias) {
    // 16 rows of C at a time: the rows of C written and the n runs of 16 floats of p read stay in L1.
    for (long i0 = 0; i0 < m; i0 += 16) {
        const long rows = lgf_min(16, m - i0);
        for (long j = 0; j < n; j++) {
            const float *source = p + j * ldp + i0;
            const float addend = bias ? bias[j] : 0;
            for (long r = 0; r < rows; r++) {
                float *target = c + (i0 + r) * ldc + j;
                *target = (accumulate ? *target : 0) + source[r] + addend;
            }
        }
    }
}

/// The product for 33 to 48 columns: op(B) packed to `[p][48]` per depth block, 8 rows of op(A) at a time.
static void lgf_wide_blocked16(const struct lgf_sgemm_operands *o, long depth, float *scratch) {
    const long m = o->m, n = o->n, k = o->k, lda = o->lda;
    const long row_stride = o->transpose_a ? 1 : lda, column_stride = o->transpose_a ? lda : 1;
    lgf_v16 seed0, seed1, seed2, unused;
    lgf_seed16(o->bias, 0, lgf_panel, &seed0, &seed1);
    lgf_seed16(o->bias, lgf_panel, n - lgf_panel, &seed2, &unused);
    bool overwrite = !o->accumulate;
    for (long k0 = 0; k0 < k; k0 += depth) {
        const long kc = lgf_min(depth, k - k0);
        if (o->transpose_b) {
            lgf_pack_transposed16(o->b, o->ldb, k0, kc, 0, n, lgf_wide_width, scratch);
        } else {
            lgf_pack_plain16(o->b, o->ldb, k0, kc, 0, n, lgf_wide_width, scratch);
        }
        const lgf_v16 zero = 0;
        for (long i = 0; i < m; i += lgf_wide_rows) {
            const long rows = lgf_min(lgf_wide_rows, m - i);
            const float *block = o->a + (o->transpose_a ? k0 * lda + i : i * lda + k0);
            lgf_wide_tile16(block, row_stride, column_stride, scratch, kc, o->c + i * o->ldc, o->ldc, rows, n,
                            k0 == 0 ? seed0 : zero, k0 == 0 ? seed1 : zero, k0 == 0 ? seed2 : zero, overwrite);
            if (o->tanh && k0 + kc == k) lgf_apply_tanh16(o->c + i * o->ldc, rows, n, o->ldc);
        }
        overwrite = false;
    }
}

#include "sgemm16_blocked.h"

void lgf_sgemm16_multiply_part(long part, const struct lgf_sgemm16_partition *partition, const struct lgf_sgemm_operands *o,
                               float *shared, float *scratch) {
    const long first = part * partition->step;
    struct lgf_sgemm_operands block = *o;
    if (partition->transposed) {
        // Columns first..<first + count of Bᵀ·A (rows m apart in `shared`) are rows of C.
        const long count = lgf_min(partition->step, o->m - first);
        float *product = shared + first;
        const struct lgf_sgemm_operands transposed = {
            .transpose_a = true, .transpose_b = false, .m = o->n, .n = count, .k = o->k, .a = o->b, .lda = o->ldb,
            .b = o->a + first, .ldb = o->lda, .c = product, .ldc = o->m, .accumulate = false, .bias = 0, .tanh = false,
        };
        lgf_blocked16(&transposed, partition->depth, partition->layout_rows, scratch);
        lgf_transpose_into(product, o->m, count, o->n, o->c + first * o->ldc, o->ldc, o->accumulate, o->bias);
        if (o->tanh) lgf_apply_tanh16(o->c + first * o->ldc, count, o->n, o->ldc);
    } else if (partition->by_rows) {
        block.m = lgf_min(partition->step, o->m - first);
        block.a = o->a + (o->transpose_a ? first : first * o->lda);
        block.c = o->c + first * o->ldc;
        lgf_blocked16(&block, partition->depth, partition->layout_rows, scratch);
    } else {
        block.n = lgf_min(partition->step, o->n - first);
        block.b = o->b + (o->transpose_b ? first * o->ldb : first);
        block.c = o->c + first;
        block.bias = o->bias ? o->bias + first : 0;
        lgf_blocked16(&block, partition->depth, partition->layout_rows, scratch);
    }
}

#if LGF_HAS_X86_LEVELS
#pragma clang attribute pop
#endif
