// The tile transforms of Winograd's minimal filtering for one element type, included by winograd.c once per type
// with LGF_WINOGRAD_SCALAR (float or double) and LGF_WINOGRAD_NAME(name) (the name with the type's suffix).
//
// Every loop runs over channels, innermost and contiguous (the grids and the transformed tiles are channels-last), so
// that the compiler vectorises it to the width of the build it is inlined into. The 1-D transforms are written out
// with their zero coefficients dropped: a multiplication by zero cannot be folded away under IEEE arithmetic.

#define T LGF_WINOGRAD_SCALAR
#define NAME LGF_WINOGRAD_NAME

/// out_i = Σ_k M[i][k] · in_k for the 1-D transform `kind` of F(tile, 3), over `channels` lanes: in_k at
/// in + k·in_stride, out_i at out + i·out_stride.
LGF_ALWAYS_INLINE void NAME(lgf_winograd_apply)(int kind, long tile, const T *in, long in_stride, T *out, long out_stride, long channels) {
    const T *i0 = in, *i1 = in + in_stride, *i2 = in + 2 * in_stride, *i3 = in + 3 * in_stride;
    T *o0 = out, *o1 = out + out_stride, *o2 = out + 2 * out_stride, *o3 = out + 3 * out_stride;
    if (tile == 2) {
        switch (kind) {
        case LGF_WINOGRAD_DATA:             // Bᵀ, 4 → 4
            LGF_VECTOR_LOOP for (long c = 0; c < channels; c++) {
                const T d0 = i0[c], d1 = i1[c], d2 = i2[c], d3 = i3[c];
                o0[c] = d0 - d2; o1[c] = d1 + d2; o2[c] = d2 - d1; o3[c] = d1 - d3;
            }
            return;
        case LGF_WINOGRAD_OUTPUT_GRADIENT:  // A, 2 → 4
            LGF_VECTOR_LOOP for (long c = 0; c < channels; c++) {
                const T y0 = i0[c], y1 = i1[c];
                o0[c] = y0; o1[c] = y0 + y1; o2[c] = y0 - y1; o3[c] = -y1;
            }
            return;
        default:                            // Aᵀ, 4 → 2
            LGF_VECTOR_LOOP for (long c = 0; c < channels; c++) {
                const T m1 = i1[c], m2 = i2[c];
                o0[c] = i0[c] + m1 + m2; o1[c] = m1 - m2 - i3[c];
            }
            return;
        }
    }
    const T *i4 = in + 4 * in_stride, *i5 = in + 5 * in_stride;
    T *o4 = out + 4 * out_stride, *o5 = out + 5 * out_stride;
    switch (kind) {
    case LGF_WINOGRAD_DATA:                 // Bᵀ, 6 → 6
        LGF_VECTOR_LOOP for (long c = 0; c < channels; c++) {
            const T d0 = i0[c], d1 = i1[c], d2 = i2[c], d3 = i3[c], d4 = i4[c], d5 = i5[c];
            const T a = d4 - 4 * d2, b = d3 - 4 * d1, e = d4 - d2, f = 2 * (d3 - d1);
            o0[c] = 4 * d0 - 5 * d2 + d4; o1[c] = a + b; o2[c] = a - b; o3[c] = e + f; o4[c] = e - f;
            o5[c] = 4 * d1 - 5 * d3 + d5;
        }
        return;
    case LGF_WINOGRAD_OUTPUT_GRADIENT:      // A, 4 → 6
        LGF_VECTOR_LOOP for (long c = 0; c < channels; c++) {
            const T y0 = i0[c], y1 = i1[c], y2 = i2[c], y3 = i3[c];
            const T even = y0 + y2, odd = y1 + y3, even4 = y0 + 4 * y2, odd8 = 2 * y1 + 8 * y3;
            o0[c] = y0; o1[c] = even + odd; o2[c] = even - odd; o3[c] = even4 + odd8; o4[c] = even4 - odd8; o5[c] = y3;
        }
        return;
    default:                                // Aᵀ, 6 → 4
        LGF_VECTOR_LOOP for (long c = 0; c < channels; c++) {
            const T m1 = i1[c], m2 = i2[c], m3 = i3[c], m4 = i4[c];
            const T sum12 = m1 + m2, difference12 = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4;
            o0[c] = i0[c] + sum12 + sum34; o1[c] = difference12 + 2 * difference34; o2[c] = sum12 + 4 * sum34;
            o3[c] = difference12 + 8 * difference34 + i5[c];
        }
        return;
    }
}

/// The zero-bordered channels-last grid of one image: grid[(r·columns + s)·channels + c] = x[c][r + origin][s + origin],
/// zero outside the plane.
LGF_ALWAYS_INLINE void NAME(lgf_winograd_pad)(const T *x, long channels, long height, long width, long origin, long rows, long columns,
                                       T *grid) {
    for (long r = 0; r < rows; r++) {
        T *row = grid + r * columns * channels;
        const long h = r + origin;
        if (h < 0 || h >= height) {
            memset(row, 0, (size_t)(columns * channels) * sizeof(T));
            continue;
        }
        // Columns s with s + origin in [0, width) come from the image, the rest are zero.
        const long first = origin < 0 ? -origin : 0, last = width - origin < columns ? width - origin : columns;
        memset(row, 0, (size_t)(first * channels) * sizeof(T));
        if (last < columns) memset(row + last * channels, 0, (size_t)((columns - last) * channels) * sizeof(T));
        for (long c = 0; c < channels; c++) {
            const T *source = x + (c * height + h) * width + first + origin;
            T *target = row + first * channels + c;
            for (long s = 0; s < last - first; s++) target[s * channels] = source[s];
        }
    }
}

LGF_ALWAYS_INLINE void NAME(lgf_winograd_transform_body)(const struct lgf_winograd_tiling *tiling, int kind, const T *x, long channels,
                                                  T *scratch, T *v, long position_stride) {
    const long m = tiling->tile, alpha = m + 2, window = kind == LGF_WINOGRAD_DATA ? alpha : m;
    const long origin = kind == LGF_WINOGRAD_DATA ? -1 : 0;
    const long rows = (tiling->tile_rows - 1) * m + window, columns = (tiling->tile_columns - 1) * m + window;
    T *grid = scratch, *work = scratch + rows * columns * channels;
    NAME(lgf_winograd_pad)(x, channels, tiling->height, tiling->width, origin, rows, columns, grid);
    const long row_stride = columns * channels;
    for (long ty = 0; ty < tiling->tile_rows; ty++) {
        for (long tx = 0; tx < tiling->tile_columns; tx++) {
            const T *window_start = grid + ty * m * row_stride + tx * m * channels;
            // Down each column of the window: work[i][l] = Σ_k M[i][k] · window[k][l].
            for (long l = 0; l < window; l++) {
                NAME(lgf_winograd_apply)(kind, m, window_start + l * channels, row_stride, work + l * channels, window * channels, channels);
            }
            // Along each row: out[i·α + j] = Σ_l M[j][l] · work[i][l].
            T *out = v + (ty * tiling->tile_columns + tx) * channels;
            for (long i = 0; i < alpha; i++) {
                NAME(lgf_winograd_apply)(kind, m, work + i * window * channels, channels, out + i * alpha * position_stride, position_stride,
                                         channels);
            }
        }
    }
}

LGF_ALWAYS_INLINE void NAME(lgf_winograd_output_body)(const struct lgf_winograd_tiling *tiling, const T *products, long position_stride,
                                               long channels, const T *bias, bool accumulate, T *y, T *scratch) {
    const long m = tiling->tile, alpha = m + 2, height = tiling->height, width = tiling->width;
    const long band_width = tiling->tile_columns * m;
    T *work = scratch, *band = scratch + m * alpha * channels;
    for (long ty = 0; ty < tiling->tile_rows; ty++) {
        for (long tx = 0; tx < tiling->tile_columns; tx++) {
            const T *in = products + (ty * tiling->tile_columns + tx) * channels;
            // Down each column: work[a][j] = Σ_i Aᵀ[a][i] · in[i·α + j].
            for (long j = 0; j < alpha; j++) {
                NAME(lgf_winograd_apply)(LGF_WINOGRAD_OUTPUT, m, in + j * position_stride, alpha * position_stride, work + j * channels,
                                         alpha * channels, channels);
            }
            // Along each row, into the band of m image rows (channels-last): band[a][tx·m + b] = Σ_j Aᵀ[b][j] · work[a][j].
            for (long a = 0; a < m; a++) {
                NAME(lgf_winograd_apply)(LGF_WINOGRAD_OUTPUT, m, work + a * alpha * channels, channels,
                                         band + (a * band_width + tx * m) * channels, channels, channels);
            }
        }
        // The band's rows inside the image, channels-first, plus the bias (or added to y).
        for (long a = 0; a < m && ty * m + a < height; a++) {
            const long h = ty * m + a;
            for (long c = 0; c < channels; c++) {
                const T *source = band + a * band_width * channels + c;
                T *target = y + (c * height + h) * width;
                if (accumulate) {
                    for (long w = 0; w < width; w++) target[w] += source[w * channels];
                } else {
                    const T b = bias ? bias[c] : 0;
                    for (long w = 0; w < width; w++) target[w] = source[w * channels] + b;
                }
            }
        }
    }
}

#undef T
#undef NAME
