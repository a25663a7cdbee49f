// The bf16 kernel's copies of its operands and its register tiles (sgemm_bf16.c), compiled for AVX-512 with
// AVX512_BF16. A depth block of op(B) is copied to 32-column panels `[pair][32][2]` of bf16 (uint32 lanes, the even
// depth in the low half), and 12 rows of op(A) to `[pair][12]`; a tile then reads both as sequential streams and adds
// 32 columns × 2 depths per VDPBF16PS.
#ifndef LGF_SGEMM_BF16_TILES_H
#define LGF_SGEMM_BF16_TILES_H

#include <immintrin.h>
#include "sgemm16_packing.h"

enum { lgf_bf16_panel = 32, lgf_bf16_rows = 12 };

/// The lanes below `count` (clamped to 0…16).
LGF_ALWAYS_INLINE __mmask16 lgf_bf16_mask(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

/// Lane j ← (bf16 of odd[j]) << 16 | bf16 of even[j]: two depths of 16 columns as 16 pairs.
LGF_ALWAYS_INLINE __m512i lgf_bf16_interleave(__m512 even, __m512 odd) {
    // After the conversion, words 0–15 are `even`'s and 16–31 `odd`'s; word 2j takes j, word 2j + 1 takes 16 + j.
    static const uint16_t order[32] = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
                                       8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
    return _mm512_permutexvar_epi16(_mm512_loadu_si512(order), (__m512i)_mm512_cvtne2ps_pbh(odd, even));
}

/// The 16 pairs of up to 32 consecutive floats at p (`available` of them; zero past those; none read).
LGF_ALWAYS_INLINE __m512i lgf_bf16_run(const float *p, long available) {
    const __m512 low = _mm512_maskz_loadu_ps(lgf_bf16_mask(available), p);
    const __m512 high = _mm512_maskz_loadu_ps(lgf_bf16_mask(available - 16), p + 16);
    return (__m512i)_mm512_cvtne2ps_pbh(high, low);
}

/// out[q·ld_out + s] = pair q of run s for s < width, q < pairs (both ≤ 16), where run s < runs holds the `available`
/// floats at base + s·stride along the depth (runs past `runs` are zero): 16 runs converted, then transposed.
LGF_ALWAYS_INLINE void lgf_bf16_transposed_runs(const float *base, long stride, long runs, long available, long pairs,
                                                uint32_t *out, long ld_out, long width) {
    lgf_v16 r[16];
    for (int s = 0; s < 16; s++) {
        const __m512i run = s < runs ? lgf_bf16_run(base + s * stride, available) : _mm512_setzero_si512();
        memcpy(&r[s], &run, sizeof run);
    }
    lgf_transpose_registers16(r);
    for (long q = 0; q < pairs; q++) {
        __m512i row;
        memcpy(&row, &r[q], sizeof row);
        _mm512_mask_storeu_epi32(out + q * ld_out, lgf_bf16_mask(width), row);
    }
}

/// op(B)[k0 ..< k0 + kc, column0 ..< column0 + columns] into panels `[pair][32]` (uint32 pairs), `pairs` apart,
/// columns past the last and the odd depth past kc zero.
static void lgf_bf16_pack_b(const struct lgf_sgemm_operands *o, long column0, long columns, long k0, long kc, uint32_t *packed) {
    const long pairs = (kc + 1) / 2;
    for (long j = 0; j * lgf_bf16_panel < columns; j++) {
        uint32_t *panel = packed + j * pairs * lgf_bf16_panel;
        for (long half = 0; half < 2; half++) {
            const long column = column0 + j * lgf_bf16_panel + half * 16, width = column0 + columns - column;
            if (width <= 0) break;
            if (o->transpose_b) {
                // Column c of op(B) is row c of b: its pairs are adjacent floats.
                for (long q0 = 0; q0 < pairs; q0 += 16) {
                    lgf_bf16_transposed_runs(o->b + column * o->ldb + k0 + 2 * q0, o->ldb, width, kc - 2 * q0,
                                             pairs - q0 < 16 ? pairs - q0 : 16, panel + q0 * lgf_bf16_panel + half * 16,
                                             lgf_bf16_panel, 16);
                }
            } else {
                const __mmask16 mask = lgf_bf16_mask(width);
                for (long q = 0; q < pairs; q++) {
                    const float *row = o->b + (k0 + 2 * q) * o->ldb + column;
                    const __m512 even = _mm512_maskz_loadu_ps(mask, row);
                    const __m512 odd = 2 * q + 1 < kc ? _mm512_maskz_loadu_ps(mask, row + o->ldb) : _mm512_setzero_ps();
                    _mm512_storeu_si512(panel + q * lgf_bf16_panel + half * 16, lgf_bf16_interleave(even, odd));
                }
            }
        }
    }
}

/// op(A)[row0 ..< row0 + rows, k0 ..< k0 + kc] (rows ≤ 12) into `[pair][12]` (uint32 pairs), rows past `rows` zero.
static void lgf_bf16_pack_a(const struct lgf_sgemm_operands *o, long row0, long rows, long k0, long kc, uint32_t *packed) {
    const long pairs = (kc + 1) / 2;
    if (o->transpose_a) {
        // Depth p of op(A)'s rows is row p of a.
        const __mmask16 mask = lgf_bf16_mask(rows);
        for (long q = 0; q < pairs; q++) {
            const float *row = o->a + (k0 + 2 * q) * o->lda + row0;
            const __m512 even = _mm512_maskz_loadu_ps(mask, row);
            const __m512 odd = 2 * q + 1 < kc ? _mm512_maskz_loadu_ps(mask, row + o->lda) : _mm512_setzero_ps();
            _mm512_mask_storeu_epi32(packed + q * lgf_bf16_rows, lgf_bf16_mask(lgf_bf16_rows), lgf_bf16_interleave(even, odd));
        }
        return;
    }
    for (long q0 = 0; q0 < pairs; q0 += 16) {
        lgf_bf16_transposed_runs(o->a + row0 * o->lda + k0 + 2 * q0, o->lda, rows, kc - 2 * q0, pairs - q0 < 16 ? pairs - q0 : 16,
                                 packed + q0 * lgf_bf16_rows, lgf_bf16_rows, lgf_bf16_rows);
    }
}

/// C[0..<rows, 0..<columns] ← sums (+ `bias`, a row, when not null) when `overwrite`, else C += sums, where sums are
/// Σ_q a[q][r] · panel[q][·] over `pairs` pairs; `vectors` (1 or 2) is the tile's width in 16-column vectors.
LGF_ALWAYS_INLINE void lgf_bf16_tile(const uint32_t *a, const uint32_t *panel, long pairs, float *c, long ldc, long rows,
                                     long columns, const float *bias, bool overwrite, const int vectors) {
    __m512 sums[lgf_bf16_rows][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < lgf_bf16_rows; r++) sums[r][0] = sums[r][1] = _mm512_setzero_ps();
    for (long q = 0; q < pairs; q++) {
        const __m512bh b0 = (__m512bh)_mm512_loadu_si512(panel + q * lgf_bf16_panel);
        const __m512bh b1 = (__m512bh)_mm512_loadu_si512(panel + q * lgf_bf16_panel + 16);
#pragma clang loop unroll(full)
        for (int r = 0; r < lgf_bf16_rows; r++) {
            const __m512bh x = (__m512bh)_mm512_set1_epi32((int)a[q * lgf_bf16_rows + r]);
            sums[r][0] = _mm512_dpbf16_ps(sums[r][0], x, b0);
            if (vectors > 1) sums[r][1] = _mm512_dpbf16_ps(sums[r][1], x, b1);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < lgf_bf16_rows; r++) {
        if (r >= rows) break;
        float *row = c + r * ldc;
        for (int v = 0; v < vectors; v++) {
            const __mmask16 mask = lgf_bf16_mask(columns - 16 * v);
            const __m512 start = overwrite ? (bias ? _mm512_maskz_loadu_ps(mask, bias + 16 * v) : _mm512_setzero_ps())
                                           : _mm512_maskz_loadu_ps(mask, row + 16 * v);
            _mm512_mask_storeu_ps(row + 16 * v, mask, _mm512_add_ps(start, sums[r][v]));
        }
    }
}

#endif
