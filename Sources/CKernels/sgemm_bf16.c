// The bf16 matrix kernel: C ← op(A)·op(B) with A and B rounded to bf16 (8 significant bits) and the products summed in
// float32, by AVX512_BF16's VDPBF16PS (two depths per lane and instruction) on CPUs that have it; a scalar loop with the
// same roundings elsewhere, so that the function is correct everywhere though callers choose it only where the CPU has
// the instruction. Kalamkar et al. 2019, "A Study of BFLOAT16 for Deep Learning Training" (arXiv:1905.12322), train
// with bf16 tensors, float32 accumulation and float32 master weights to float32's results without retuning.
//
// Blocking, outermost first: depth blocks of at most 256 (even, so that pairs never straddle two blocks; the first
// block writes C or starts from the bias, later ones add to it); per depth block, op(B)'s columns of this part copied
// to bf16 panels; 12 rows of op(A) copied at a time and run against every panel (sgemm_bf16_tiles.h).
#include "CKernels.h"
#include "targets.h"
#include <string.h>

enum { lgf_bf16_depth_limit = 256, lgf_bf16_row_unit = 24, lgf_bf16_column_unit = 32, lgf_bf16_block_rows = 12 };

uint16_t lgf_bf16_round(float x) {
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    const uint32_t exponent = (bits >> 23) & 0xFF, mantissa = bits & 0x7FFFFF;
    if (exponent == 0) return (uint16_t)((bits >> 16) & 0x8000);                              // zero, subnormal
    if (exponent == 0xFF) return (uint16_t)((bits >> 16) | (mantissa != 0 ? 0x40 : 0));       // infinity, NaN
    return (uint16_t)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);                            // ties to even
}

/// x rounded to bf16, as a float.
static float lgf_bf16_value(float x) {
    const uint32_t bits = (uint32_t)lgf_bf16_round(x) << 16;
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static long lgf_bf16_min(long a, long b) { return a < b ? a : b; }

struct lgf_bf16_partition lgf_sgemm_bf16_partition(long m, long n, long k, long parts) {
    const long blocks = (k + lgf_bf16_depth_limit - 1) / lgf_bf16_depth_limit;
    const long depth = ((k + blocks - 1) / blocks + 1) / 2 * 2, pairs = (depth + 1) / 2;
    // Many rows (or one panel): whole 24-row units, each part copying all of op(B); else whole 32-column panels.
    const bool by_rows = m >= 96 || n <= lgf_bf16_column_unit;
    const long unit = by_rows ? lgf_bf16_row_unit : lgf_bf16_column_unit, extent = by_rows ? m : n;
    const long units = (extent + unit - 1) / unit, wanted = parts < 1 ? 1 : lgf_bf16_min(parts, units);
    const long step = (units + wanted - 1) / wanted * unit;
    const long columns = by_rows ? n : lgf_bf16_min(step, n), panels = (columns + lgf_bf16_column_unit - 1) / lgf_bf16_column_unit;
    struct lgf_bf16_partition partition = {
        .count = (extent + step - 1) / step,
        .part_scratch_count = (panels * lgf_bf16_column_unit + lgf_bf16_block_rows) * pairs,
        .by_rows = by_rows, .step = step, .depth = depth,
    };
    return partition;
}

/// The part's block of C by scalar loops: each depth block's sum of bf16 products in float32, odd depth before even
/// within a pair (as VDPBF16PS), added to C (or to the bias, or to zero, first).
static void lgf_bf16_scalar_block(const struct lgf_sgemm_operands *o, long row0, long rows, long column0, long columns, long depth) {
    for (long i = row0; i < row0 + rows; i++) {
        for (long j = column0; j < column0 + columns; j++) {
            float *target = o->c + i * o->ldc + j;
            float value = o->accumulate ? *target : (o->bias ? o->bias[j] : 0);
            for (long k0 = 0; k0 < o->k; k0 += depth) {
                float sum = 0;
                for (long p = k0; p < lgf_bf16_min(k0 + depth, o->k); p += 2) {
                    for (long d = p + 1; d >= p; d--) {
                        if (d >= o->k) continue;
                        const float a = o->transpose_a ? o->a[d * o->lda + i] : o->a[i * o->lda + d];
                        const float b = o->transpose_b ? o->b[j * o->ldb + d] : o->b[d * o->ldb + j];
                        sum += lgf_bf16_value(a) * lgf_bf16_value(b);
                    }
                }
                value += sum;
            }
            *target = value;
        }
        if (o->tanh) lgf_vector_tanh(LGF_LEVEL_PORTABLE, o->c + i * o->ldc + column0, o->c + i * o->ldc + column0, columns);
    }
}

#if LGF_HAS_X86_LEVELS
#pragma clang attribute push(LGF_TARGET_AVX512_BF16, apply_to = function)
#include "sgemm_bf16_tiles.h"

static void lgf_bf16_round_instruction(const float *x, uint16_t *y, long count) {
    for (long i = 0; i < count; i += 32) {
        const __m512i run = lgf_bf16_run(x + i, count - i);
        const long words = lgf_bf16_min(32, count - i);
        _mm512_mask_storeu_epi16(y + i, words >= 32 ? ~(__mmask32)0 : (((__mmask32)1 << words) - 1), run);
    }
}

static void lgf_bf16_block(const struct lgf_sgemm_operands *o, long row0, long rows, long column0, long columns, long depth,
                           float *scratch) {
    uint32_t *panels = (uint32_t *)scratch;
    for (long k0 = 0; k0 < o->k; k0 += depth) {
        const long kc = lgf_bf16_min(depth, o->k - k0), pairs = (kc + 1) / 2;
        uint32_t *block = panels + (columns + lgf_bf16_panel - 1) / lgf_bf16_panel * lgf_bf16_panel * pairs;
        const bool overwrite = k0 == 0 && !o->accumulate;
        lgf_bf16_pack_b(o, column0, columns, k0, kc, panels);
        for (long i = row0; i < row0 + rows; i += lgf_bf16_rows) {
            const long tile_rows = lgf_bf16_min(lgf_bf16_rows, row0 + rows - i);
            lgf_bf16_pack_a(o, i, tile_rows, k0, kc, block);
            for (long j = 0; j * lgf_bf16_panel < columns; j++) {
                const long column = column0 + j * lgf_bf16_panel, width = lgf_bf16_min(lgf_bf16_panel, column0 + columns - column);
                float *c = o->c + i * o->ldc + column;
                const float *bias = overwrite && o->bias ? o->bias + column : 0;
                const uint32_t *panel = panels + j * lgf_bf16_panel * pairs;
                if (width > 16) {
                    lgf_bf16_tile(block, panel, pairs, c, o->ldc, tile_rows, width, bias, overwrite, 2);
                } else {
                    lgf_bf16_tile(block, panel, pairs, c, o->ldc, tile_rows, width, bias, overwrite, 1);
                }
            }
            if (o->tanh && k0 + kc == o->k) {
                for (long r = i; r < i + tile_rows; r++) lgf_vector_tanh(LGF_LEVEL_AVX512, o->c + r * o->ldc + column0, o->c + r * o->ldc + column0, columns);
            }
        }
    }
}

#pragma clang attribute pop
#endif

void lgf_bf16_round_vector(const float *x, uint16_t *y, long count) {
#if LGF_HAS_X86_LEVELS
    if (lgf_cpu_has_avx512_bf16()) {
        lgf_bf16_round_instruction(x, y, count);
        return;
    }
#endif
    for (long i = 0; i < count; i++) y[i] = lgf_bf16_round(x[i]);
}

void lgf_sgemm_bf16_multiply_part(long part, const struct lgf_bf16_partition *partition, const struct lgf_sgemm_operands *o,
                                  float *scratch) {
    const long first = part * partition->step;
    const long row0 = partition->by_rows ? first : 0, rows = partition->by_rows ? lgf_bf16_min(partition->step, o->m - first) : o->m;
    const long column0 = partition->by_rows ? 0 : first, columns = partition->by_rows ? o->n : lgf_bf16_min(partition->step, o->n - first);
#if LGF_HAS_X86_LEVELS
    if (lgf_cpu_has_avx512_bf16()) {
        lgf_bf16_block(o, row0, rows, column0, columns, partition->depth, scratch);
        return;
    }
#endif
    (void)scratch;
    lgf_bf16_scalar_block(o, row0, rows, column0, columns, partition->depth);
}
