// A 16 × 16 float transposition in registers (four rounds of pairwise shuffles, swapping ever smaller off-diagonal
// blocks), and loads and stores of the first n lanes of a row, for the channels-last copies of the Winograd kernels.
// Always inlined, so that it compiles for the instruction set of the function it is used in.
#ifndef LGF_TRANSPOSE16_H
#define LGF_TRANSPOSE16_H

#include "vectors.h"

/// Rows i and i + b exchange the b-lane halves of each 2b-lane group: after b = 8, 4, 2, 1, row j holds column j.
#define LGF_TRANSPOSE_ROUND(r, b, lo, hi)                                                                          \
    for (int i = 0; i < 16; i++) {                                                                                 \
        if (i & b) continue;                                                                                       \
        const lgf_v16 first = r[i], second = r[i + b];                                                             \
        r[i] = __builtin_shufflevector(first, second, lo);                                                         \
        r[i + b] = __builtin_shufflevector(first, second, hi);                                                     \
    }

#define LGF_LOW_8 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23
#define LGF_HIGH_8 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
#define LGF_LOW_4 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27
#define LGF_HIGH_4 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31
#define LGF_LOW_2 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29
#define LGF_HIGH_2 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31
#define LGF_LOW_1 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30
#define LGF_HIGH_1 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31

/// r[j][i] ← r[i][j].
LGF_ALWAYS_INLINE void lgf_transpose16(lgf_v16 r[16]) {
    LGF_TRANSPOSE_ROUND(r, 8, LGF_LOW_8, LGF_HIGH_8)
    LGF_TRANSPOSE_ROUND(r, 4, LGF_LOW_4, LGF_HIGH_4)
    LGF_TRANSPOSE_ROUND(r, 2, LGF_LOW_2, LGF_HIGH_2)
    LGF_TRANSPOSE_ROUND(r, 1, LGF_LOW_1, LGF_HIGH_1)
}
#undef LGF_TRANSPOSE_ROUND

/// The first `count` (≤ 16) floats at `p` in the low lanes, zeros above.
LGF_ALWAYS_INLINE lgf_v16 lgf_load_first16(const float *p, long count) {
    if (count == 16) return lgf_load16(p);
    lgf_v16 v = 0;
    memcpy(&v, p, (size_t)count * sizeof(float));
    return v;
}

/// Writes the first `count` (≤ 16) lanes of `v` at `p`, as at most four stores of 8, 4, 2 and 1 lanes (a copy of
/// run-time length would call memcpy).
LGF_ALWAYS_INLINE void lgf_save_first16(lgf_v16 v, float *p, long count) {
    if (count == 16) {
        lgf_save16(v, p);
        return;
    }
    lgf_v8 rest8 = LGF_LOW8(v);
    if (count & 8) {
        lgf_save8(rest8, p);
        rest8 = LGF_HIGH8(v);
        p += 8;
    }
    lgf_v4 rest4 = LGF_LOW4(rest8);
    if (count & 4) {
        lgf_save4(rest4, p);
        rest4 = LGF_HIGH4(rest8);
        p += 4;
    }
    lgf_v2 rest2 = LGF_LOW2(rest4);
    if (count & 2) {
        lgf_save2(rest2, p);
        rest2 = LGF_HIGH2(rest4);
        p += 2;
    }
    if (count & 1) *p = rest2[0];
}

#endif
