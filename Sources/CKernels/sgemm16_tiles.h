// The register tiles of the 16-lane matrix kernel (sgemm16.c): 12×32, 8×48 and 12×16. Each is unrolled by hand, one
// accumulator per register, so that the compiler keeps them all in registers (24 of AVX-512's 32).
#ifndef LGF_SGEMM16_TILES_H
#define LGF_SGEMM16_TILES_H

#include "rows16.h"

/// Offset of row r of a tile in op(A): rows from `load_rows` on re-read row 0 (computed, not stored), so that A read
/// in place needs no padding.
#define LGF_ROW(n) const long r##n = load_rows > n ? n * row_stride : 0;

/// acc_r0, acc_r1 += x·b0, x·b1 with x = op(A)[row r, p].
#define LGF_FMA2(r, offset)                                                                                        \
    { const lgf_v16 x = pa[offset]; c##r##0 = LGF_FMA(x, b0, c##r##0); c##r##1 = LGF_FMA(x, b1, c##r##1); }
#define LGF_FMA3(r, offset)                                                                                        \
    {                                                                                                              \
        const lgf_v16 x = pa[offset];                                                                              \
        c##r##0 = LGF_FMA(x, b0, c##r##0); c##r##1 = LGF_FMA(x, b1, c##r##1); c##r##2 = LGF_FMA(x, b2, c##r##2);   \
    }
#define LGF_FMA1(r, offset) { c##r = LGF_FMA((lgf_v16)pa[offset], b0, c##r); }

/// The 12×32 tile: C[0..<rows, 0..<columns] (=|+=) initial + Σ_p op(A)[r, p] · panel[p, 0..<32], panel rows
/// `panel_stride` apart; rows from `rows` on are not stored.
LGF_ALWAYS_INLINE void lgf_tile16(const float *a, long row_stride, long column_stride, const float *panel, long panel_stride,
                                  long kc, float *c, long ldc, long rows, long load_rows, long columns, lgf_v16 low,
                                  lgf_v16 high, bool overwrite) {
    lgf_v16 c00 = low, c01 = high, c10 = low, c11 = high, c20 = low, c21 = high, c30 = low, c31 = high;
    lgf_v16 c40 = low, c41 = high, c50 = low, c51 = high, c60 = low, c61 = high, c70 = low, c71 = high;
    lgf_v16 c80 = low, c81 = high, c90 = low, c91 = high, cA0 = low, cA1 = high, cB0 = low, cB1 = high;
    const float *pa = a, *pb = panel;
    LGF_ROW(1) LGF_ROW(2) LGF_ROW(3) LGF_ROW(4) LGF_ROW(5) LGF_ROW(6) LGF_ROW(7) LGF_ROW(8) LGF_ROW(9)
    const long rA = load_rows > 10 ? 10 * row_stride : 0, rB = load_rows > 11 ? 11 * row_stride : 0;
    // One depth: two panel vectors, twelve broadcasts, 24 FMAs. Two per loop trip when deep (2–4% on 1000·512·512).
#define LGF_STEP                                                                                                   \
    {                                                                                                              \
        const lgf_v16 b0 = lgf_load16(pb), b1 = lgf_load16(pb + 16);                                               \
        LGF_FMA2(0, 0) LGF_FMA2(1, r1) LGF_FMA2(2, r2) LGF_FMA2(3, r3) LGF_FMA2(4, r4) LGF_FMA2(5, r5)             \
        LGF_FMA2(6, r6) LGF_FMA2(7, r7) LGF_FMA2(8, r8) LGF_FMA2(9, r9) LGF_FMA2(A, rA) LGF_FMA2(B, rB)             \
        pa += column_stride;                                                                                       \
        pb += panel_stride;                                                                                        \
    }
    if (kc >= 128) {
        for (long p = 0; p < kc / 2; p++) { LGF_STEP LGF_STEP }
        if (kc % 2 != 0) LGF_STEP
    } else {
        for (long p = 0; p < kc; p++) LGF_STEP
    }
#undef LGF_STEP
    lgf_store_row16(c, c00, c01, columns, overwrite);
    if (rows > 1) lgf_store_row16(c + 1 * ldc, c10, c11, columns, overwrite);
    if (rows > 2) lgf_store_row16(c + 2 * ldc, c20, c21, columns, overwrite);
    if (rows > 3) lgf_store_row16(c + 3 * ldc, c30, c31, columns, overwrite);
    if (rows > 4) lgf_store_row16(c + 4 * ldc, c40, c41, columns, overwrite);
    if (rows > 5) lgf_store_row16(c + 5 * ldc, c50, c51, columns, overwrite);
    if (rows > 6) lgf_store_row16(c + 6 * ldc, c60, c61, columns, overwrite);
    if (rows > 7) lgf_store_row16(c + 7 * ldc, c70, c71, columns, overwrite);
    if (rows > 8) lgf_store_row16(c + 8 * ldc, c80, c81, columns, overwrite);
    if (rows > 9) lgf_store_row16(c + 9 * ldc, c90, c91, columns, overwrite);
    if (rows > 10) lgf_store_row16(c + 10 * ldc, cA0, cA1, columns, overwrite);
    if (rows > 11) lgf_store_row16(c + 11 * ldc, cB0, cB1, columns, overwrite);
}

/// The 8×48 tile (24 accumulators): C[0..<rows, 0..<columns] (=|+=) initial + Σ_p op(A)[r, p] · panel[p, 0..<48],
/// panel rows 48 apart; missing rows (fewer than 8 left) re-read row 0 and are not stored.
LGF_ALWAYS_INLINE void lgf_wide_tile16(const float *a, long row_stride, long column_stride, const float *panel, long kc,
                                       float *c, long ldc, long rows, long columns, lgf_v16 v0, lgf_v16 v1, lgf_v16 v2,
                                       bool overwrite) {
    lgf_v16 c00 = v0, c01 = v1, c02 = v2, c10 = v0, c11 = v1, c12 = v2, c20 = v0, c21 = v1, c22 = v2;
    lgf_v16 c30 = v0, c31 = v1, c32 = v2, c40 = v0, c41 = v1, c42 = v2, c50 = v0, c51 = v1, c52 = v2;
    lgf_v16 c60 = v0, c61 = v1, c62 = v2, c70 = v0, c71 = v1, c72 = v2;
    const float *pa = a, *pb = panel;
    const long load_rows = rows;
    LGF_ROW(1) LGF_ROW(2) LGF_ROW(3) LGF_ROW(4) LGF_ROW(5) LGF_ROW(6) LGF_ROW(7)
    for (long p = 0; p < kc; p++) {
        const lgf_v16 b0 = lgf_load16(pb), b1 = lgf_load16(pb + 16), b2 = lgf_load16(pb + 32);
        LGF_FMA3(0, 0) LGF_FMA3(1, r1) LGF_FMA3(2, r2) LGF_FMA3(3, r3)
        LGF_FMA3(4, r4) LGF_FMA3(5, r5) LGF_FMA3(6, r6) LGF_FMA3(7, r7)
        pa += column_stride;
        pb += 48;
    }
    LGF_STORE_ROWS48(c, ldc, rows, columns - 32, overwrite)
}

/// The 12×16 tile for a last panel of at most 16 columns (half the work of a 32-wide tile); rows as in `lgf_tile16`.
LGF_ALWAYS_INLINE void lgf_narrow_tile16(const float *a, long row_stride, long column_stride, const float *panel,
                                         long panel_stride, long kc, float *c, long ldc, long rows, long load_rows,
                                         long columns, lgf_v16 initial, bool overwrite) {
    lgf_v16 c0 = initial, c1 = initial, c2 = initial, c3 = initial, c4 = initial, c5 = initial;
    lgf_v16 c6 = initial, c7 = initial, c8 = initial, c9 = initial, cA = initial, cB = initial;
    const float *pa = a, *pb = panel;
    LGF_ROW(1) LGF_ROW(2) LGF_ROW(3) LGF_ROW(4) LGF_ROW(5) LGF_ROW(6) LGF_ROW(7) LGF_ROW(8) LGF_ROW(9)
    const long rA = load_rows > 10 ? 10 * row_stride : 0, rB = load_rows > 11 ? 11 * row_stride : 0;
    for (long p = 0; p < kc; p++) {
        const lgf_v16 b0 = lgf_load16(pb);
        LGF_FMA1(0, 0) LGF_FMA1(1, r1) LGF_FMA1(2, r2) LGF_FMA1(3, r3) LGF_FMA1(4, r4) LGF_FMA1(5, r5)
        LGF_FMA1(6, r6) LGF_FMA1(7, r7) LGF_FMA1(8, r8) LGF_FMA1(9, r9) LGF_FMA1(A, rA) LGF_FMA1(B, rB)
        pa += column_stride;
        pb += panel_stride;
    }
    const lgf_v16 zero = 0;
    lgf_store_row16(c, c0, zero, columns, overwrite);
    if (rows > 1) lgf_store_row16(c + 1 * ldc, c1, zero, columns, overwrite);
    if (rows > 2) lgf_store_row16(c + 2 * ldc, c2, zero, columns, overwrite);
    if (rows > 3) lgf_store_row16(c + 3 * ldc, c3, zero, columns, overwrite);
    if (rows > 4) lgf_store_row16(c + 4 * ldc, c4, zero, columns, overwrite);
    if (rows > 5) lgf_store_row16(c + 5 * ldc, c5, zero, columns, overwrite);
    if (rows > 6) lgf_store_row16(c + 6 * ldc, c6, zero, columns, overwrite);
    if (rows > 7) lgf_store_row16(c + 7 * ldc, c7, zero, columns, overwrite);
    if (rows > 8) lgf_store_row16(c + 8 * ldc, c8, zero, columns, overwrite);
    if (rows > 9) lgf_store_row16(c + 9 * ldc, c9, zero, columns, overwrite);
    if (rows > 10) lgf_store_row16(c + 10 * ldc, cA, zero, columns, overwrite);
    if (rows > 11) lgf_store_row16(c + 11 * ldc, cB, zero, columns, overwrite);
}

#undef LGF_ROW
#undef LGF_FMA1
#undef LGF_FMA2
#undef LGF_FMA3

#endif
