// The 8-lane matrix kernel, for CPUs without AVX-512 where OpenBLAS runs a kernel family older than the CPU (it
// picks its kernels from the CPU model at load time, and a model it does not know gets the generic SSE3 ones, 5–6×
// slower than its AVX-512 ones). Built for AVX2 + FMA (2–3× the SSE3 kernels on the flow shapes: 1000·50·50 ~55
// GFLOP/s against ~22, one core) and for the baseline.
//
// Layout (BLIS-style, simplified): per block of up to 512 steps of the inner dimension, a 6×16 register tile (12
// 8-float accumulators) sweeps 16-column panels of op(B), reading op(A) in place. A plain B is read in place too; a
// transposed B and the last partial panel are packed, zero-padded, and a last panel of at most 8 columns gets a 6×8
// tile (packed 8 wide). When fewer than 6 rows of A are left, the missing rows re-read row 0 and are not stored.
#include "CKernels.h"
#include "dispatch.h"
#include "vectors.h"

enum { lgf_panel8 = 16, lgf_rows8 = 6, lgf_depth8 = 512 };

long lgf_sgemm8_scratch_count(long n, long k, bool transpose_b) {
    const long full_panels = n / lgf_panel8, last_columns = n - full_panels * lgf_panel8;
    const long packed_panels = transpose_b ? full_panels + (last_columns > 0 ? 1 : 0) : (last_columns > 0 ? 1 : 0);
    return packed_panels * lgf_panel8 * (k < lgf_depth8 ? k : lgf_depth8);
}

/// op(B)[k0 + p, column0 + col] = b[(column0 + col)·ldb + k0 + p] into `[p][width]`, zero-padded.
LGF_ALWAYS_INLINE void lgf_pack_transposed8(const float *b, long ldb, long k0, long kc, long column0, long columns, long width,
                                            float *panel) {
    if (columns < width) {
        for (long index = 0; index < kc * width; index += 8) lgf_save8((lgf_v8)0, panel + index);
    }
    for (long column = 0; column < columns; column++) {
        const float *source = b + (column0 + column) * ldb + k0;
        for (long p = 0; p < kc; p++) panel[p * width + column] = source[p];
    }
}

/// B[k0 + p, column0 + col] into `[p][width]`, zero-padded.
LGF_ALWAYS_INLINE void lgf_pack_plain8(const float *b, long ldb, long k0, long kc, long column0, long columns, long width, float *panel) {
    for (long index = 0; index < kc * width; index += 8) lgf_save8((lgf_v8)0, panel + index);
    for (long p = 0; p < kc; p++) {
        const float *source = b + (k0 + p) * ldb + column0;
        for (long column = 0; column < columns; column++) panel[p * width + column] = source[column];
    }
}

/// Writes (or adds) the first `columns` (≤ 16) of the two-vector row `low, high`: whole vectors where they fit, single
/// elements past the last whole vector.
LGF_ALWAYS_INLINE void lgf_store_row8(float *target, lgf_v8 low, lgf_v8 high, long columns, bool overwrite) {
    if (columns >= 8) {
        lgf_save8(overwrite ? low : lgf_load8(target) + low, target);
        if (columns == 16) {
            lgf_save8(overwrite ? high : lgf_load8(target + 8) + high, target + 8);
        } else {
            for (long column = 8; column < columns; column++) {
                target[column] = overwrite ? high[column - 8] : target[column] + high[column - 8];
            }
        }
    } else {
        for (long column = 0; column < columns; column++) target[column] = overwrite ? low[column] : target[column] + low[column];
    }
}

/// The accumulators' starting values for the panel at `column0`: the bias columns (zero-padded), or zero.
LGF_ALWAYS_INLINE void lgf_seed8(const float *bias, long column0, long columns, lgf_v8 *low, lgf_v8 *high) {
    *low = 0;
    *high = 0;
    if (!bias) return;
    if (columns == 16) {
        *low = lgf_load8(bias + column0);
        *high = lgf_load8(bias + column0 + 8);
        return;
    }
    for (long column = 0; column < columns; column++) {
        if (column < 8) (*low)[column] = bias[column0 + column]; else (*high)[column - 8] = bias[column0 + column];
    }
}

#define LGF_ROW8(n) const long r##n = rows > n ? n * row_stride : 0;

/// The 6×16 tile: C[0..<rows, 0..<columns] (=|+=) initial + Σ_p op(A)[r, p] · panel[p, 0..<16].
LGF_ALWAYS_INLINE void lgf_tile8(const float *a, long row_stride, long column_stride, const float *panel, long panel_stride, long kc,
                                 float *c, long ldc, long rows, long columns, lgf_v8 low, lgf_v8 high, bool overwrite) {
    lgf_v8 c00 = low, c01 = high, c10 = low, c11 = high, c20 = low, c21 = high;
    lgf_v8 c30 = low, c31 = high, c40 = low, c41 = high, c50 = low, c51 = high;
    const float *pa = a, *pb = panel;
    LGF_ROW8(1) LGF_ROW8(2) LGF_ROW8(3) LGF_ROW8(4) LGF_ROW8(5)
#define LGF_FMA8(r, offset) { const lgf_v8 x = pa[offset]; c##r##0 = LGF_FMA(x, b0, c##r##0); c##r##1 = LGF_FMA(x, b1, c##r##1); }
    for (long p = 0; p < kc; p++) {
        const lgf_v8 b0 = lgf_load8(pb), b1 = lgf_load8(pb + 8);
        LGF_FMA8(0, 0) LGF_FMA8(1, r1) LGF_FMA8(2, r2) LGF_FMA8(3, r3) LGF_FMA8(4, r4) LGF_FMA8(5, r5)
        pa += column_stride;
        pb += panel_stride;
    }
#undef LGF_FMA8
    lgf_store_row8(c, c00, c01, columns, overwrite);
    if (rows > 1) lgf_store_row8(c + ldc, c10, c11, columns, overwrite);
    if (rows > 2) lgf_store_row8(c + 2 * ldc, c20, c21, columns, overwrite);
    if (rows > 3) lgf_store_row8(c + 3 * ldc, c30, c31, columns, overwrite);
    if (rows > 4) lgf_store_row8(c + 4 * ldc, c40, c41, columns, overwrite);
    if (rows > 5) lgf_store_row8(c + 5 * ldc, c50, c51, columns, overwrite);
}

/// The 6×8 tile for a last panel of at most 8 columns.
LGF_ALWAYS_INLINE void lgf_narrow_tile8(const float *a, long row_stride, long column_stride, const float *panel, long panel_stride,
                                        long kc, float *c, long ldc, long rows, long columns, lgf_v8 initial, bool overwrite) {
    lgf_v8 c0 = initial, c1 = initial, c2 = initial, c3 = initial, c4 = initial, c5 = initial;
    const float *pa = a, *pb = panel;
    LGF_ROW8(1) LGF_ROW8(2) LGF_ROW8(3) LGF_ROW8(4) LGF_ROW8(5)
    for (long p = 0; p < kc; p++) {
        const lgf_v8 b0 = lgf_load8(pb);
        c0 = LGF_FMA((lgf_v8)pa[0], b0, c0);
        c1 = LGF_FMA((lgf_v8)pa[r1], b0, c1);
        c2 = LGF_FMA((lgf_v8)pa[r2], b0, c2);
        c3 = LGF_FMA((lgf_v8)pa[r3], b0, c3);
        c4 = LGF_FMA((lgf_v8)pa[r4], b0, c4);
        c5 = LGF_FMA((lgf_v8)pa[r5], b0, c5);
        pa += column_stride;
        pb += panel_stride;
    }
    const lgf_v8 zero = 0;
    lgf_store_row8(c, c0, zero, columns, overwrite);
    if (rows > 1) lgf_store_row8(c + ldc, c1, zero, columns, overwrite);
    if (rows > 2) lgf_store_row8(c + 2 * ldc, c2, zero, columns, overwrite);
    if (rows > 3) lgf_store_row8(c + 3 * ldc, c3, zero, columns, overwrite);
    if (rows > 4) lgf_store_row8(c + 4 * ldc, c4, zero, columns, overwrite);
    if (rows > 5) lgf_store_row8(c + 5 * ldc, c5, zero, columns, overwrite);
}
#undef LGF_ROW8

LGF_ALWAYS_INLINE void lgf_sgemm8_body(const struct lgf_sgemm_operands *o, float *packed) {
    const long m = o->m, n = o->n, k = o->k, lda = o->lda, ldb = o->ldb, ldc = o->ldc;
    const long full_panels = n / lgf_panel8, last_columns = n - full_panels * lgf_panel8;
    const long packed_panels = o->transpose_b ? full_panels + (last_columns > 0 ? 1 : 0) : (last_columns > 0 ? 1 : 0);
    const long panel_count = full_panels + (last_columns > 0 ? 1 : 0);
    // Element (i, p) of op(A) is a[i·row_stride + p·column_stride].
    const long row_stride = o->transpose_a ? 1 : lda, column_stride = o->transpose_a ? lda : 1;
    // A last partial panel that the half-width tile serves is packed half as wide.
    const long last_width = last_columns > 8 ? lgf_panel8 : 8;
    bool overwrite = !o->accumulate;
    for (long k0 = 0; k0 < k; k0 += lgf_depth8) {
        const long kc = k - k0 < lgf_depth8 ? k - k0 : lgf_depth8;
        if (o->transpose_b) {
            for (long j = 0; j < packed_panels; j++) {
                const long columns = n - j * lgf_panel8 < lgf_panel8 ? n - j * lgf_panel8 : lgf_panel8;
                lgf_pack_transposed8(o->b, ldb, k0, kc, j * lgf_panel8, columns, j < full_panels ? lgf_panel8 : last_width,
                                     packed + j * kc * lgf_panel8);
            }
        } else if (last_columns > 0) {
            lgf_pack_plain8(o->b, ldb, k0, kc, full_panels * lgf_panel8, last_columns, last_width, packed);
        }
        for (long i = 0; i < m; i += lgf_rows8) {
            const long rows = m - i < lgf_rows8 ? m - i : lgf_rows8;
            const float *block = o->a + i * row_stride + k0 * column_stride;
            for (long j = 0; j < panel_count; j++) {
                const float *source;
                long stride;
                if (j < full_panels && !o->transpose_b) {
                    source = o->b + k0 * ldb + j * lgf_panel8;
                    stride = ldb;
                } else {
                    source = o->transpose_b ? packed + j * kc * lgf_panel8 : packed;
                    stride = j < full_panels ? lgf_panel8 : last_width;
                }
                const long columns = n - j * lgf_panel8 < lgf_panel8 ? n - j * lgf_panel8 : lgf_panel8;
                lgf_v8 low = 0, high = 0;
                if (k0 == 0) lgf_seed8(o->bias, j * lgf_panel8, columns, &low, &high);
                float *target = o->c + i * ldc + j * lgf_panel8;
                if (columns > 8) {
                    lgf_tile8(block, row_stride, column_stride, source, stride, kc, target, ldc, rows, columns, low, high, overwrite);
                } else {
                    lgf_narrow_tile8(block, row_stride, column_stride, source, stride, kc, target, ldc, rows, columns, low, overwrite);
                }
            }
        }
        overwrite = false;
    }
}

LGF_INSTANTIATE(void, lgf_sgemm8_body, (const struct lgf_sgemm_operands *o, float *packed), (o, packed))

void lgf_sgemm8_multiply(int level, const struct lgf_sgemm_operands *operands, float *scratch) {
    LGF_DISPATCH(level, lgf_sgemm8_body, (operands, scratch))
}
