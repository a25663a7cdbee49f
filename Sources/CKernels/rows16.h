// Starting and finishing the rows of a 16-lane register tile: bias seeds, whole-vector and partial stores. Included
// by the 16-lane kernels after they select their instruction set, so that these compile for it too.
#ifndef LGF_ROWS16_H
#define LGF_ROWS16_H

#include <stdbool.h>
#include "vectors.h"

/// The first `count` (≤ 16) floats at `source` in the low lanes, zeros above, by one copy into the vector's bytes.
/// Not inlined, like `lgf_store_part16`.
__attribute__((noinline)) static lgf_v16 lgf_load_part16(const float *source, long count) {
    lgf_v16 result = 0;
    memcpy(&result, source, (size_t)count * sizeof(float));
    return result;
}

/// Writes (or adds) the first `count` (< 16) lanes of `v` at `target` as at most four stores of 8, 4, 2 and 1 lanes
/// (a lane at a time at a run-time index spills the vector, about 5 cycles an element). Not inlined: taking vector
/// halves inside a tile makes the compiler keep its accumulators as pairs of halves in the inner loop.
__attribute__((noinline)) static void lgf_store_part16(float *target, lgf_v16 v, long count, bool overwrite) {
    long offset = 0;
    lgf_v8 rest8 = LGF_LOW8(v);
    if (count & 8) {
        lgf_save8(overwrite ? rest8 : lgf_load8(target) + rest8, target);
        rest8 = LGF_HIGH8(v);
        offset = 8;
    }
    lgf_v4 rest4 = LGF_LOW4(rest8);
    if (count & 4) {
        float *q = target + offset;
        lgf_save4(overwrite ? rest4 : lgf_load4(q) + rest4, q);
        rest4 = LGF_HIGH4(rest8);
        offset += 4;
    }
    lgf_v2 rest2 = LGF_LOW2(rest4);
    if (count & 2) {
        float *q = target + offset;
        lgf_save2(overwrite ? rest2 : lgf_load2(q) + rest2, q);
        rest2 = LGF_HIGH2(rest4);
        offset += 2;
    }
    if (count & 1) {
        float *q = target + offset;
        *q = overwrite ? rest2[0] : *q + rest2[0];
    }
}

/// Writes (or adds) the first `columns` (≤ 32) of the two-vector row `low, high` at `target`: whole vectors where
/// they fit, `lgf_store_part16` for the columns past the last whole vector.
LGF_ALWAYS_INLINE void lgf_store_row16(float *target, lgf_v16 low, lgf_v16 high, long columns, bool overwrite) {
    if (columns >= 16) {
        lgf_save16(overwrite ? low : lgf_load16(target) + low, target);
        if (columns == 32) {
            lgf_save16(overwrite ? high : lgf_load16(target + 16) + high, target + 16);
        } else {
            lgf_store_part16(target + 16, high, columns - 16, overwrite);
        }
    } else {
        lgf_store_part16(target, low, columns, overwrite);
    }
}

/// Stores rows 0..<rows of an 8 × 48 tile whose accumulators are named c<r>0, c<r>1, c<r>2 (r = 0…7) at `c`, rows `ldc`
/// apart: 32 columns from the first two, `rest` (≤ 16) from the third. The 8×48 tiles of the matrix kernel and of the
/// convolution share it.
#define LGF_STORE_ROWS48(c, ldc, rows, rest, overwrite)                                                            \
    {                                                                                                              \
        const lgf_v16 zero48 = 0;                                                                                  \
        LGF_STORE_ROW48(c, ldc, 0, rest, overwrite)                                                                \
        if (rows > 1) LGF_STORE_ROW48(c, ldc, 1, rest, overwrite)                                                  \
        if (rows > 2) LGF_STORE_ROW48(c, ldc, 2, rest, overwrite)                                                  \
        if (rows > 3) LGF_STORE_ROW48(c, ldc, 3, rest, overwrite)                                                  \
        if (rows > 4) LGF_STORE_ROW48(c, ldc, 4, rest, overwrite)                                                  \
        if (rows > 5) LGF_STORE_ROW48(c, ldc, 5, rest, overwrite)                                                  \
        if (rows > 6) LGF_STORE_ROW48(c, ldc, 6, rest, overwrite)                                                  \
        if (rows > 7) LGF_STORE_ROW48(c, ldc, 7, rest, overwrite)                                                  \
    }
#define LGF_STORE_ROW48(c, ldc, r, rest, overwrite)                                                                \
    {                                                                                                              \
        lgf_store_row16(c + r * ldc, c##r##0, c##r##1, 32, overwrite);                                             \
        lgf_store_row16(c + r * ldc + 32, c##r##2, zero48, rest, overwrite);                                       \
    }

/// The accumulators' starting values for the 32-column panel at `column0` with `columns` columns: the bias columns
/// (zero-padded), or zero.
LGF_ALWAYS_INLINE void lgf_seed16(const float *bias, long column0, long columns, lgf_v16 *low, lgf_v16 *high) {
    if (!bias) {
        *low = 0;
        *high = 0;
    } else if (columns == 32) {
        *low = lgf_load16(bias + column0);
        *high = lgf_load16(bias + column0 + 16);
    } else if (columns > 16) {
        *low = lgf_load16(bias + column0);
        *high = lgf_load_part16(bias + column0 + 16, columns - 16);
    } else {
        *low = lgf_load_part16(bias + column0, columns);
        *high = 0;
    }
}

#endif
