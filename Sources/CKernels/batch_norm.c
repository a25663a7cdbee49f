// The per-plane passes of batch normalisation over images (Tensors' `BatchNormKernels`; Ioffe & Szegedy 2015, §3),
// fused with an optional ReLU, in one build per instruction set. Each element is computed alone with the same
// operations as the Swift loops they replace, so the results are the same bits in every build.
#include "CKernels.h"
#include "dispatch.h"
#include "float_math.h"

#define LGF_VECTOR_LOOP _Pragma("clang loop vectorize(assume_safety) interleave(enable)")

LGF_INLINE void lgf_batch_norm_normalize_body(const float *x, float *y, long count, float a, float b, bool relu) {
    if (relu) {
        LGF_VECTOR_LOOP for (long i = 0; i < count; i++) {
            const float v = x[i] * a + b;
            y[i] = v > 0 ? v : 0;
        }
    } else {
        LGF_VECTOR_LOOP for (long i = 0; i < count; i++) y[i] = x[i] * a + b;
    }
}

LGF_INSTANTIATE(void, lgf_batch_norm_normalize_body, (const float *x, float *y, long count, float a, float b, bool relu),
                (x, y, count, a, b, relu))

void lgf_batch_norm_normalize(int level, const float *x, float *y, long count, float a, float b, bool relu) {
    LGF_DISPATCH(level, lgf_batch_norm_normalize_body, (x, y, count, a, b, relu))
}

LGF_INLINE void lgf_batch_norm_input_gradient_body(const float *g, const float *x, float *dx, long count, float a, float b, float k,
                                                   float k0, bool relu, bool accumulate) {
    LGF_VECTOR_LOOP for (long i = 0; i < count; i++) {
        const float gi = relu && x[i] * a + b <= 0 ? 0 : g[i];
        const float value = a * gi + x[i] * k + k0;
        dx[i] = accumulate ? dx[i] + value : value;
    }
}

LGF_INSTANTIATE(void, lgf_batch_norm_input_gradient_body,
                (const float *g, const float *x, float *dx, long count, float a, float b, float k, float k0, bool relu, bool accumulate),
                (g, x, dx, count, a, b, k, k0, relu, accumulate))

void lgf_batch_norm_input_gradient(int level, const float *g, const float *x, float *dx, long count, float a, float b, float k,
                                   float k0, bool relu, bool accumulate) {
    LGF_DISPATCH(level, lgf_batch_norm_input_gradient_body, (g, x, dx, count, a, b, k, k0, relu, accumulate))
}
