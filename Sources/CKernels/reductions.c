// Sums over float32 buffers in eight lanes with fused multiply-adds (gradient norms, batch-norm statistics and
// gradients), in one build per instruction set; each lane's additions run in a fixed order, so the results are the
// same in every build and for every thread count.
#include "CKernels.h"
#include "dispatch.h"
#include "vectors.h"

#pragma STDC FP_CONTRACT OFF

typedef int lgf_i8 __attribute__((ext_vector_type(8)));

/// The lanes' sum in lane order from −0 (Swift's `SIMD.sum()`).
LGF_ALWAYS_INLINE float lgf_lane_sum8(lgf_v8 v) {
    float result = -0.0f;
    for (int i = 0; i < 8; i++) result += v[i];
    return result;
}

LGF_ALWAYS_INLINE double lgf_sum_of_squares_body(const float *x, long count) {
    const long vectors = count / 8;
    double total = 0;
    for (long start = 0; start < vectors; start += 64) {
        const long end = start + 64 < vectors ? start + 64 : vectors;
        lgf_v8 lanes = 0;
        for (long index = start; index < end; index++) {
            const lgf_v8 v = lgf_load8(x + 8 * index);
            lanes = LGF_FMA(v, v, lanes);
        }
        total += lgf_lane_sum8(lanes);
    }
    for (long index = 8 * vectors; index < count; index++) total += (double)x[index] * (double)x[index];
    return total;
}

LGF_INSTANTIATE(double, lgf_sum_of_squares_body, (const float *x, long count), (x, count))

double lgf_sum_of_squares(int level, const float *x, long count) {
    LGF_DISPATCH(level, lgf_sum_of_squares_body, (x, count))
}

LGF_ALWAYS_INLINE void lgf_masked_sums_body(const float *g, const float *x, long count, float a, float b, float mu, bool relu,
                                            double *sums, double *products) {
    long i = 0;
    lgf_v8 s = 0, t = 0;
    const lgf_v8 a8 = a, b8 = b, mu8 = mu;
    for (; i + 8 <= count; i += 8) {
        const lgf_v8 xv = lgf_load8(x + i);
        lgf_v8 gv = lgf_load8(g + i);
        if (relu) {
            const lgf_i8 blocked = xv * a8 + b8 <= 0;
            gv = (lgf_v8)((lgf_i8)gv & ~blocked);
        }
        s += gv;
        t = LGF_FMA(gv, xv - mu8, t);
    }
    const double vector_sums = lgf_lane_sum8(s), vector_products = lgf_lane_sum8(t);
    float rest_s = 0, rest_t = 0;
    for (; i < count; i++) {
        const float gi = relu && x[i] * a + b <= 0 ? 0 : g[i];
        rest_s += gi;
        rest_t += gi * (x[i] - mu);
    }
    *sums = vector_sums + (double)rest_s;
    *products = vector_products + (double)rest_t;
}

LGF_INSTANTIATE(void, lgf_masked_sums_body,
                (const float *g, const float *x, long count, float a, float b, float mu, bool relu, double *sums, double *products),
                (g, x, count, a, b, mu, relu, sums, products))

void lgf_masked_sums(int level, const float *g, const float *x, long count, float a, float b, float mu, bool relu,
                     double *sums, double *products) {
    LGF_DISPATCH(level, lgf_masked_sums_body, (g, x, count, a, b, mu, relu, sums, products))
}

LGF_ALWAYS_INLINE double lgf_centered_squares_body(const float *x, long count, float mu) {
    long i = 0;
    lgf_v8 s = 0;
    const lgf_v8 mu8 = mu;
    for (; i + 8 <= count; i += 8) {
        const lgf_v8 d = lgf_load8(x + i) - mu8;
        s = LGF_FMA(d, d, s);
    }
    const double total = lgf_lane_sum8(s);
    float rest = 0;
    for (; i < count; i++) {
        const float d = x[i] - mu;
        rest += d * d;
    }
    return total + (double)rest;
}

LGF_INSTANTIATE(double, lgf_centered_squares_body, (const float *x, long count, float mu), (x, count, mu))

double lgf_centered_squares(int level, const float *x, long count, float mu) {
    LGF_DISPATCH(level, lgf_centered_squares_body, (x, count, mu))
}
