// Copying op(A) and op(B) into the layouts the 16-lane tiles read (see sgemm16.c).
#ifndef LGF_SGEMM16_PACKING_H
#define LGF_SGEMM16_PACKING_H

#include "vectors.h"

/// Zeroes `count` floats (a multiple of 16) with whole-vector stores.
static void lgf_clear16(float *panel, long count) {
    for (long index = 0; index < count; index += 16) lgf_save16((lgf_v16)0, panel + index);
}

/// op(A)[i, k0 + p] = a[(k0 + p)·lda + i] (A transposed), row block r = i / 12 into `[r][p][12]`, reading A row after
/// row; the rows past m in the last block are zero.
static void lgf_pack_rows16(const float *a, long lda, long k0, long kc, long m, float *packed) {
    const long full_blocks = m / 12, last_rows = m - full_blocks * 12;
    for (long p = 0; p < kc; p++) {
        const float *source = a + (k0 + p) * lda;
        float *target = packed + p * 12;
        for (long block = 0; block < full_blocks; block++) {
            memcpy(target, source + block * 12, 12 * sizeof(float));
            target += kc * 12;
        }
        if (last_rows > 0) {
            const float *from = source + full_blocks * 12;
            for (long r = 0; r < last_rows; r++) target[r] = from[r];
            for (long r = last_rows; r < 12; r++) target[r] = 0;
        }
    }
}

/// Row 2i and row 2i + 1 → row i (their even lanes, one after the other) and row 8 + i (their odd lanes).
#define LGF_UNZIP(i)                                                                                               \
    t[i] = __builtin_shufflevector(r[2 * i], r[2 * i + 1], 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30); \
    t[8 + i] = __builtin_shufflevector(r[2 * i], r[2 * i + 1], 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);

/// r[j] lane i ← r[i] lane j for i, j < 16 (any 32-bit lanes: the shuffles move bits). Four rounds of unzipping pairs of rows: each moves
/// the element at (row i, lane j), written as the 8 bits i₃i₂i₁i₀ j₃j₂j₁j₀, to j₀i₃i₂i₁ i₀j₃j₂j₁, a rotation of the
/// 8 bits by one; after four, (j, i) holds what (i, j) held.
LGF_ALWAYS_INLINE void lgf_transpose_registers16(lgf_v16 r[16]) {
    lgf_v16 t[16];
    for (int round = 0; round < 4; round++) {
        LGF_UNZIP(0) LGF_UNZIP(1) LGF_UNZIP(2) LGF_UNZIP(3) LGF_UNZIP(4) LGF_UNZIP(5) LGF_UNZIP(6) LGF_UNZIP(7)
        for (int i = 0; i < 16; i++) r[i] = t[i];
    }
}

/// target[r·ld_target + c] = source[c·ld_source + r] for r, c < 16, through `lgf_transpose_registers16`.
LGF_ALWAYS_INLINE void lgf_transpose_square16(const float *source, long ld_source, float *target, long ld_target) {
    lgf_v16 r[16];
    for (int i = 0; i < 16; i++) r[i] = lgf_load16(source + i * ld_source);
    lgf_transpose_registers16(r);
    for (int i = 0; i < 16; i++) lgf_save16(r[i], target + i * ld_target);
}
#undef LGF_UNZIP

/// op(B)[k0 + p, column0 + col] = b[(column0 + col)·ldb + k0 + p] into `[p][width]`, zero-padded: 16 columns × 16
/// depths at a time through registers, the rest (depths past the last multiple of 16, a last group of fewer than 16
/// columns) element by element.
static void lgf_pack_transposed16(const float *b, long ldb, long k0, long kc, long column0, long columns, long width,
                                  float *panel) {
    if (columns < width) lgf_clear16(panel, kc * width);
    const long square_depths = kc / 16 * 16, square_columns = columns / 16 * 16;
    for (long c0 = 0; c0 < square_columns; c0 += 16) {
        const float *source = b + (column0 + c0) * ldb + k0;
        for (long p0 = 0; p0 < square_depths; p0 += 16) lgf_transpose_square16(source + p0, ldb, panel + p0 * width + c0, width);
    }
    for (long column = 0; column < columns; column++) {
        const float *source = b + (column0 + column) * ldb + k0;
        float *target = panel + column;
        for (long p = column < square_columns ? square_depths : 0; p < kc; p++) target[p * width] = source[p];
    }
}

/// B[k0 + p, 32j ..< 32j + 32] into `[p][32]` at `packed + j·kc·32` for the first `panels` (whole) panels, row by row
/// across all panels, so that B is read front to back.
static void lgf_pack_plain_panels16(const float *b, long ldb, long k0, long kc, long panels, float *packed) {
    const long panel_size = kc * 32;
    for (long p = 0; p < kc; p++) {
        const float *source = b + (k0 + p) * ldb;
        float *target = packed + p * 32;
        for (long j = 0; j < panels; j++) {
            lgf_save16(lgf_load16(source + j * 32), target);
            lgf_save16(lgf_load16(source + j * 32 + 16), target + 16);
            target += panel_size;
        }
    }
}

/// B[k0 + p, column0 + col] into `[p][width]`, zero-padded: a partial panel, or the 8×48 tile's.
static void lgf_pack_plain16(const float *b, long ldb, long k0, long kc, long column0, long columns, long width, float *panel) {
    lgf_clear16(panel, kc * width);
    for (long p = 0; p < kc; p++) {
        const float *source = b + (k0 + p) * ldb + column0;
        float *row = panel + p * width;
        for (long column = 0; column < columns; column++) row[column] = source[column];
    }
}

#endif
