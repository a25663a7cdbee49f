// Winograd's minimal filtering F(m × m, 3 × 3) for stride-1 convolutions with padding 1 (Lavin & Gray, "Fast
// Algorithms for Convolutional Neural Networks", CVPR 2016, arXiv:1509.09308, §4): the transforms of data tiles,
// output-gradient tiles and products, in one build per instruction set and element type. Tensors' `WinogradKernels`
// runs the products between them on the matrix kernels.
//
// A convolution of an α × α tile d (α = m + 2) with a 3 × 3 filter g gives its m × m outputs as
// Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A (Lavin & Gray, eq. (8)); summed over channels, the elementwise products become one
// matrix product per position (ξ, ν) of the α × α grid (their §4.2). The matrices below are theirs: F(2, 3) from
// the points 0, ±1; F(4, 3) from 0, ±1, ±2 (their §4.1 and §5.2).
#include "CKernels.h"
#include "dispatch.h"
#include "transpose16.h"

#define LGF_VECTOR_LOOP _Pragma("clang loop vectorize(assume_safety) interleave(enable)")

/// Bᵀ (4 × 4), G (4 × 3), Aᵀ (2 × 4) of F(2, 3).
static const double lgf_winograd2[3][16] = {
    {1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1},
    {1, 0, 0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0, 0, 1},
    {1, 1, 1, 0, 0, 1, -1, -1},
};

/// Bᵀ (6 × 6), G (6 × 3), Aᵀ (4 × 6) of F(4, 3).
static const double lgf_winograd4[3][36] = {
    {4, 0, -5, 0, 1, 0, 0, -4, -4, 1, 1, 0, 0, 4, -4, -1, 1, 0, 0, -2, -1, 2, 1, 0, 0, 2, -1, -2, 1, 0, 0, 4, 0, -5, 0, 1},
    {1.0 / 4, 0, 0, -1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6, 1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 24, -1.0 / 12,
     1.0 / 6, 0, 0, 1},
    {1, 1, 1, 1, 1, 0, 0, 1, -1, 2, -2, 0, 0, 1, 1, 4, 4, 0, 0, 1, -1, 8, -8, 1},
};

long lgf_winograd_matrix(long tile, int which, double *out) {
    const long alpha = tile + 2;
    const long counts[3] = {alpha * alpha, alpha * 3, tile * alpha};
    const double *source = tile == 2 ? lgf_winograd2[which] : lgf_winograd4[which];
    for (long i = 0; i < counts[which]; i++) out[i] = source[i];
    return counts[which];
}

long lgf_winograd_transform_scratch_count(const struct lgf_winograd_tiling *tiling, int kind, long channels) {
    const long m = tiling->tile, alpha = m + 2, window = kind == LGF_WINOGRAD_DATA ? alpha : m;
    const long rows = (tiling->tile_rows - 1) * m + window, columns = (tiling->tile_columns - 1) * m + window;
    return (rows * columns + alpha * window) * channels;
}

long lgf_winograd_output_scratch_count(const struct lgf_winograd_tiling *tiling, long channels) {
    const long m = tiling->tile;
    return (m * (m + 2) + tiling->tile_rows * m * tiling->tile_columns * m) * channels;
}

#define LGF_WINOGRAD_SCALAR float
#define LGF_WINOGRAD_NAME(name) name##_f32
#define LGF_WINOGRAD_TRANSPOSES16 1
#include "winograd_tiles.h"
#undef LGF_WINOGRAD_SCALAR
#undef LGF_WINOGRAD_NAME
#undef LGF_WINOGRAD_TRANSPOSES16

#define LGF_WINOGRAD_SCALAR double
#define LGF_WINOGRAD_NAME(name) name##_f64
#define LGF_WINOGRAD_TRANSPOSES16 0
#include "winograd_tiles.h"
#undef LGF_WINOGRAD_SCALAR
#undef LGF_WINOGRAD_NAME
#undef LGF_WINOGRAD_TRANSPOSES16

/// `lgf_winograd_transform_<suffix>` and `lgf_winograd_output_<suffix>` for element type `type`.
#define LGF_WINOGRAD_ENTRIES(type, suffix)                                                                        \
    LGF_INSTANTIATE(void, lgf_winograd_transform_body_##suffix,                                                   \
                    (const struct lgf_winograd_tiling *tiling, int kind, const type *x, long channels, type *scratch, \
                     type *v, long position_stride),                                                              \
                    (tiling, kind, x, channels, scratch, v, position_stride))                                     \
    void lgf_winograd_transform_##suffix(int level, const struct lgf_winograd_tiling *tiling, int kind, const type *x, \
                                         long channels, type *scratch, type *v, long position_stride) {           \
        LGF_DISPATCH(level, lgf_winograd_transform_body_##suffix, (tiling, kind, x, channels, scratch, v, position_stride)) \
    }                                                                                                              \
    LGF_INSTANTIATE(void, lgf_winograd_output_body_##suffix,                                                      \
                    (const struct lgf_winograd_tiling *tiling, const type *products, long position_stride, long channels, \
                     const type *bias, bool accumulate, type *y, type *scratch),                                  \
                    (tiling, products, position_stride, channels, bias, accumulate, y, scratch))                  \
    void lgf_winograd_output_##suffix(int level, const struct lgf_winograd_tiling *tiling, const type *products,  \
                                      long position_stride, long channels, const type *bias, bool accumulate, type *y, \
                                      type *scratch) {                                                             \
        LGF_DISPATCH(level, lgf_winograd_output_body_##suffix,                                                    \
                     (tiling, products, position_stride, channels, bias, accumulate, y, scratch))                 \
    }

LGF_WINOGRAD_ENTRIES(float, f32)
LGF_WINOGRAD_ENTRIES(double, f64)
