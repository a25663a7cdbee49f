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

#if LGF_WINOGRAD_TRANSPOSES16
/// grid[((r·columns + s + first)·channels + c] = x[c][r + origin][s + first + origin] for the rows r whose image row is
/// inside the plane, s < count, c < channels: 16 × 16 blocks transposed in registers, 16 channels at a time, so that
/// the 16 planes read are 16 sequential streams. A block's loads run whole vectors past a row's end while they stay
/// inside its plane (lanes not stored).
LGF_ALWAYS_INLINE void NAME(lgf_winograd_to_channels_last)(const T *x, long channels, long height, long width, long origin,
                                                           long rows, long columns, long first, long count, T *grid) {
    const long plane = height * width;
    const long first_row = origin < 0 ? -origin : 0, end_row = height - origin < rows ? height - origin : rows;
    for (long c0 = 0; c0 < channels; c0 += 16) {
        const long cn = channels - c0 < 16 ? channels - c0 : 16;
        for (long r = first_row; r < end_row; r++) {
            const long offset = (r + origin) * width + first + origin;
            T *target = grid + (r * columns + first) * channels + c0;
            for (long s0 = 0; s0 < count; s0 += 16) {
                const long sn = count - s0 < 16 ? count - s0 : 16, readable = offset + s0 + 16 <= plane ? 16 : sn;
                lgf_v16 block[16];
                // Four rows ahead: the planes' streams are too many and too short for the hardware prefetchers.
                for (long i = 0; i < cn; i++) __builtin_prefetch(x + (c0 + i) * plane + offset + s0 + 4 * width, 0, 3);
                for (long i = 0; i < 16; i++) block[i] = i < cn ? lgf_load_first16(x + (c0 + i) * plane + offset + s0, readable) : 0;
                lgf_transpose16(block);
                for (long j = 0; j < sn; j++) lgf_save_first16(block[j], target + (s0 + j) * channels, cn);
            }
        }
    }
}

/// y[c][h][w] = image[(h·row_width + w)·channels + c] + bias[c] (bias may be null), or += image[…] when `accumulate`,
/// for h < height, w < width, c < channels: 16 × 16 blocks transposed in registers, 16 channels at a time (16
/// sequential streams of stores).
LGF_ALWAYS_INLINE void NAME(lgf_winograd_to_channels_first)(const T *image, long row_width, long channels, long height, long width,
                                                            const T *bias, bool accumulate, T *y) {
    const long plane = height * width;
    for (long c0 = 0; c0 < channels; c0 += 16) {
        const long cn = channels - c0 < 16 ? channels - c0 : 16;
        for (long h = 0; h < height; h++) {
            const T *source = image + h * row_width * channels + c0;
            for (long w0 = 0; w0 < width; w0 += 16) {
                const long wn = width - w0 < 16 ? width - w0 : 16, readable = h * width + w0 + 16 <= plane ? 16 : wn;
                lgf_v16 block[16];
                for (long i = 0; i < 16; i++) block[i] = i < wn ? lgf_load_first16(source + (w0 + i) * channels, cn) : 0;
                lgf_transpose16(block);
                for (long j = 0; j < cn; j++) {
                    T *row = y + (c0 + j) * plane + h * width + w0;
                    const lgf_v16 addend = accumulate ? lgf_load_first16(row, readable) : (lgf_v16)(bias ? bias[c0 + j] : 0);
                    lgf_save_first16(block[j] + addend, row, wn);
                }
            }
        }
    }
}
#else
LGF_ALWAYS_INLINE void NAME(lgf_winograd_to_channels_last)(const T *x, long channels, long height, long width, long origin,
                                                           long rows, long columns, long first, long count, T *grid) {
    for (long r = 0; r < rows; r++) {
        if (r + origin < 0 || r + origin >= height) continue;
        for (long c = 0; c < channels; c++) {
            const T *source = x + (c * height + r + origin) * width + first + origin;
            for (long s = 0; s < count; s++) grid[((r * columns + first + s) * channels + c)] = source[s];
        }
    }
}

LGF_ALWAYS_INLINE void NAME(lgf_winograd_to_channels_first)(const T *image, long row_width, long channels, long height, long width,
                                                            const T *bias, bool accumulate, T *y) {
    for (long c = 0; c < channels; c++) {
        const T b = bias ? bias[c] : 0;
        for (long h = 0; h < height; h++) {
            T *row = y + (c * height + h) * width;
            const T *source = image + h * row_width * channels + c;
            for (long w = 0; w < width; w++) row[w] = (accumulate ? row[w] : b) + source[w * channels];
        }
    }
}
#endif

/// The zero-bordered channels-last grid of one image: grid[(r·columns + s)·channels + c] = x[c][r + origin][s + origin],
/// zero outside the plane.
LGF_ALWAYS_INLINE void NAME(lgf_winograd_pad)(const T *x, long channels, long height, long width, long origin, long rows, long columns,
                                              T *grid) {
    // Columns s with s + origin in [0, width) come from the image, the rest (and rows outside it) are zero.
    const long first = origin < 0 ? -origin : 0, last = width - origin < columns ? width - origin : columns;
    for (long r = 0; r < rows; r++) {
        T *row = grid + r * columns * channels;
        if (r + origin < 0 || r + origin >= height) {
            memset(row, 0, (size_t)(columns * channels) * sizeof(T));
            continue;
        }
        memset(row, 0, (size_t)(first * channels) * sizeof(T));
        if (last < columns) memset(row + last * channels, 0, (size_t)((columns - last) * channels) * sizeof(T));
    }
    NAME(lgf_winograd_to_channels_last)(x, channels, height, width, origin, rows, columns, first, last - first, grid);
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
    const long m = tiling->tile, alpha = m + 2, row_width = tiling->tile_columns * m;
    T *work = scratch, *image = scratch + m * alpha * channels;
    for (long ty = 0; ty < tiling->tile_rows; ty++) {
        for (long tx = 0; tx < tiling->tile_columns; tx++) {
            const T *in = products + (ty * tiling->tile_columns + tx) * channels;
            // Down each column: work[a][j] = Σ_i Aᵀ[a][i] · in[i·α + j].
            for (long j = 0; j < alpha; j++) {
                NAME(lgf_winograd_apply)(LGF_WINOGRAD_OUTPUT, m, in + j * position_stride, alpha * position_stride, work + j * channels,
                                         alpha * channels, channels);
            }
            // Along each row, into the channels-last image: image[ty·m + a][tx·m + b] = Σ_j Aᵀ[b][j] · work[a][j].
            for (long a = 0; a < m; a++) {
                NAME(lgf_winograd_apply)(LGF_WINOGRAD_OUTPUT, m, work + a * alpha * channels, channels,
                                         image + ((ty * m + a) * row_width + tx * m) * channels, channels, channels);
            }
        }
    }
    // The outputs inside the plane, channels-first, plus the bias (or added to y).
    NAME(lgf_winograd_to_channels_first)(image, row_width, channels, tiling->height, tiling->width, bias, accumulate, y);
}

#undef T
#undef NAME
