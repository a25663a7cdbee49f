// Direct correlation on zero-padded planes with 16-lane register tiles (Tensors' `DirectCorrelation` and
// `DirectWeightGradient`), compiled for AVX-512 on x86-64 (callers use it only where the CPU has it) and for the
// baseline elsewhere.
//
// The forward pass: for every output row r and position j, out[r, j] = Σ_t Σ_c A_t[r, c] · source[c·channelStride +
// offset_t + j], the k² per-tap products [rows, channels]·[channels, columns] summed in one 8 × 48 register tile (24
// accumulators) over all taps and channels before it is stored once. The shifted image is read in place (OpenBLAS
// copies it once per tap, 12% of a coupler step), the weights are packed once per convolution, and the output is
// written once instead of read and written k² times. Each element's sum runs over taps, then channels, in the same
// order for every tile, so results do not depend on how a caller splits the work.
#include "CKernels.h"
#include "targets.h"

#if LGF_HAS_X86_LEVELS
#pragma clang attribute push(LGF_TARGET_AVX512, apply_to = function)
#endif

#include "rows16.h"

enum { lgf_block_rows = LGF_CONV16_BLOCK_ROWS, lgf_tile_columns = 48, lgf_gradient_rows = 6, lgf_gradient_columns = 64 };

long lgf_conv16_packed_weight_count(long rows, long channels, long taps) {
    return (rows + lgf_block_rows - 1) / lgf_block_rows * lgf_block_rows * channels * taps;
}

void lgf_conv16_pack_weights(const float *a, long rows, long channels, long taps, float *packed) {
    const long blocks = (rows + lgf_block_rows - 1) / lgf_block_rows;
    float *target = packed;
    for (long block = 0; block < blocks; block++) {
        for (long t = 0; t < taps; t++) {
            for (long c = 0; c < channels; c++) {
                for (long r = 0; r < lgf_block_rows; r++) {
                    const long row = block * lgf_block_rows + r;
                    target[r] = row < rows ? a[(t * rows + row) * channels + c] : 0;
                }
                target += lgf_block_rows;
            }
        }
    }
}

#define LGF_FMA3(r)                                                                                                \
    {                                                                                                              \
        const lgf_v16 x = pa[r];                                                                                   \
        c##r##0 = LGF_FMA(x, b0, c##r##0); c##r##1 = LGF_FMA(x, b1, c##r##1); c##r##2 = LGF_FMA(x, b2, c##r##2);   \
    }

/// The 8 × 48 tile: rows `rows` (≤ 8) of `c`, columns `columns` (33…48) stored.
LGF_ALWAYS_INLINE void lgf_conv_wide_tile(const float *a, long channels, const long *offsets, long taps, const float *source,
                                          long channel_stride, float *c, long ldc, long rows, long columns) {
    lgf_v16 c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0, c20 = 0, c21 = 0, c22 = 0, c30 = 0, c31 = 0, c32 = 0;
    lgf_v16 c40 = 0, c41 = 0, c42 = 0, c50 = 0, c51 = 0, c52 = 0, c60 = 0, c61 = 0, c62 = 0, c70 = 0, c71 = 0, c72 = 0;
    const float *pa = a;
    for (long t = 0; t < taps; t++) {
        const float *pb = source + offsets[t];
        for (long channel = 0; channel < channels; channel++) {
            const lgf_v16 b0 = lgf_load16(pb), b1 = lgf_load16(pb + 16), b2 = lgf_load16(pb + 32);
            LGF_FMA3(0) LGF_FMA3(1) LGF_FMA3(2) LGF_FMA3(3) LGF_FMA3(4) LGF_FMA3(5) LGF_FMA3(6) LGF_FMA3(7)
            pa += lgf_block_rows;
            pb += channel_stride;
        }
    }
    LGF_STORE_ROWS48(c, ldc, rows, columns - 32, true)
}
#undef LGF_FMA3

/// The 8 × 16 tile for a product's last columns: rows `rows` (≤ 8) of `c`, columns `columns` (≤ 16) stored.
LGF_ALWAYS_INLINE void lgf_conv_narrow_tile(const float *a, long channels, const long *offsets, long taps, const float *source,
                                            long channel_stride, float *c, long ldc, long rows, long columns) {
    lgf_v16 c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
    const float *pa = a;
    for (long t = 0; t < taps; t++) {
        const float *pb = source + offsets[t];
        for (long channel = 0; channel < channels; channel++) {
            const lgf_v16 b = lgf_load16(pb);
            c0 = LGF_FMA((lgf_v16)pa[0], b, c0);
            c1 = LGF_FMA((lgf_v16)pa[1], b, c1);
            c2 = LGF_FMA((lgf_v16)pa[2], b, c2);
            c3 = LGF_FMA((lgf_v16)pa[3], b, c3);
            c4 = LGF_FMA((lgf_v16)pa[4], b, c4);
            c5 = LGF_FMA((lgf_v16)pa[5], b, c5);
            c6 = LGF_FMA((lgf_v16)pa[6], b, c6);
            c7 = LGF_FMA((lgf_v16)pa[7], b, c7);
            pa += lgf_block_rows;
            pb += channel_stride;
        }
    }
    const lgf_v16 zero = 0;
    lgf_store_row16(c, c0, zero, columns, true);
    if (rows > 1) lgf_store_row16(c + 1 * ldc, c1, zero, columns, true);
    if (rows > 2) lgf_store_row16(c + 2 * ldc, c2, zero, columns, true);
    if (rows > 3) lgf_store_row16(c + 3 * ldc, c3, zero, columns, true);
    if (rows > 4) lgf_store_row16(c + 4 * ldc, c4, zero, columns, true);
    if (rows > 5) lgf_store_row16(c + 5 * ldc, c5, zero, columns, true);
    if (rows > 6) lgf_store_row16(c + 6 * ldc, c6, zero, columns, true);
    if (rows > 7) lgf_store_row16(c + 7 * ldc, c7, zero, columns, true);
}

void lgf_conv16_correlate(const float *packed, long rows, long channels, const long *offsets, long taps, const float *source,
                          long channel_stride, long columns, float *out, long ldc) {
    const long blocks = (rows + lgf_block_rows - 1) / lgf_block_rows, block_size = lgf_block_rows * channels * taps;
    for (long j0 = 0; j0 < columns; j0 += lgf_tile_columns) {
        const long width = columns - j0 < lgf_tile_columns ? columns - j0 : lgf_tile_columns;
        for (long block = 0; block < blocks; block++) {
            const long remaining = rows - block * lgf_block_rows;
            const long row_count = remaining < lgf_block_rows ? remaining : lgf_block_rows;
            const float *a = packed + block * block_size;
            float *c = out + block * lgf_block_rows * ldc + j0;
            if (width > 32) {
                lgf_conv_wide_tile(a, channels, offsets, taps, source + j0, channel_stride, c, ldc, row_count, width);
            } else {
                for (long j = 0; j < width; j += 16) {
                    lgf_conv_narrow_tile(a, channels, offsets, taps, source + j0 + j, channel_stride, c + j, ldc, row_count,
                                         width - j < 16 ? width - j : 16);
                }
            }
        }
    }
}

// MARK: - The weight gradient, from a channels-last copy of the padded input

/// Writes (or adds) the first `width` (≤ 64) lanes of a four-vector row.
LGF_ALWAYS_INLINE void lgf_store_row64(float *target, lgf_v16 v0, lgf_v16 v1, lgf_v16 v2, lgf_v16 v3, long width, bool accumulate) {
    if (width > 32) {
        lgf_store_row16(target, v0, v1, 32, !accumulate);
        lgf_store_row16(target + 32, v2, v3, width - 32, !accumulate);
    } else {
        lgf_store_row16(target, v0, v1, width, !accumulate);
    }
}

#define LGF_FMA4(r, offset)                                                                                        \
    {                                                                                                              \
        const lgf_v16 x = pa[offset];                                                                              \
        c##r##0 = LGF_FMA(x, b0, c##r##0); c##r##1 = LGF_FMA(x, b1, c##r##1);                                      \
        c##r##2 = LGF_FMA(x, b2, c##r##2); c##r##3 = LGF_FMA(x, b3, c##r##3);                                      \
    }

/// One 6 × 64 tile of the weight gradient: out[r][c] (=|+=) Σ_j dy[r·dy_stride + j] · source[j·stride + c], `rows`
/// rows and `width` channels stored; rows past the last re-read row 0 and are not stored.
LGF_ALWAYS_INLINE void lgf_gradient_tile(const float *dy, long dy_stride, long rows, const float *source, long stride, long columns,
                                         float *out, long ldo, long width, bool accumulate) {
    lgf_v16 c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0, c20 = 0, c21 = 0, c22 = 0, c23 = 0;
    lgf_v16 c30 = 0, c31 = 0, c32 = 0, c33 = 0, c40 = 0, c41 = 0, c42 = 0, c43 = 0, c50 = 0, c51 = 0, c52 = 0, c53 = 0;
    const long r1 = rows > 1 ? dy_stride : 0, r2 = rows > 2 ? 2 * dy_stride : 0, r3 = rows > 3 ? 3 * dy_stride : 0;
    const long r4 = rows > 4 ? 4 * dy_stride : 0, r5 = rows > 5 ? 5 * dy_stride : 0;
    const float *pa = dy, *pb = source;
    for (long j = 0; j < columns; j++) {
        const lgf_v16 b0 = lgf_load16(pb), b1 = lgf_load16(pb + 16), b2 = lgf_load16(pb + 32), b3 = lgf_load16(pb + 48);
        LGF_FMA4(0, 0) LGF_FMA4(1, r1) LGF_FMA4(2, r2) LGF_FMA4(3, r3) LGF_FMA4(4, r4) LGF_FMA4(5, r5)
        pa += 1;
        pb += stride;
    }
    lgf_store_row64(out, c00, c01, c02, c03, width, accumulate);
    if (rows > 1) lgf_store_row64(out + ldo, c10, c11, c12, c13, width, accumulate);
    if (rows > 2) lgf_store_row64(out + 2 * ldo, c20, c21, c22, c23, width, accumulate);
    if (rows > 3) lgf_store_row64(out + 3 * ldo, c30, c31, c32, c33, width, accumulate);
    if (rows > 4) lgf_store_row64(out + 4 * ldo, c40, c41, c42, c43, width, accumulate);
    if (rows > 5) lgf_store_row64(out + 5 * ldo, c50, c51, c52, c53, width, accumulate);
}
#undef LGF_FMA4

void lgf_conv16_weight_gradient(const float *dy, long rows, long dy_stride, const float *transposed, long channels,
                                const long *offsets, long taps, long columns, float *out, bool accumulate) {
    for (long t = 0; t < taps; t++) {
        const float *source = transposed + offsets[t] * channels;
        for (long r0 = 0; r0 < rows;) {
            const long row_count = rows - r0 < lgf_gradient_rows ? rows - r0 : lgf_gradient_rows;
            for (long c0 = 0; c0 < channels; c0 += lgf_gradient_columns) {
                const long width = channels - c0 < lgf_gradient_columns ? channels - c0 : lgf_gradient_columns;
                lgf_gradient_tile(dy + r0 * dy_stride, dy_stride, row_count, source + c0, channels, columns,
                                  out + (t * rows + r0) * channels + c0, channels, width, accumulate);
            }
            r0 += row_count;
        }
    }
}

#if LGF_HAS_X86_LEVELS
#pragma clang attribute pop
#endif
