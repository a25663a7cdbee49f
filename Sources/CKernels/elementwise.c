// Elementwise float32 passes (the maps of float_math.h, softplus' gradient, Adam's update) in one build per
// instruction set: plain loops over the scalar functions, which the compiler vectorises to the width of the build
// they are inlined into (16 lanes with AVX-512, 8 with AVX2 and FMA, the baseline's otherwise). The results are the
// same bits in every build: every operation is correctly rounded or exact.
#include "CKernels.h"
#include "dispatch.h"
#include "float_math.h"

// In place (x = y) is allowed: element i is read before it is written and nothing else overlaps, so the loops assert
// that their iterations are independent (else the compiler checks for overlap at run time, and an in-place call
// takes its scalar loop).
#define LGF_VECTOR_LOOP _Pragma("clang loop vectorize(assume_safety) interleave(enable)")

/// `lgf_<name>(level, x, y, count)`: y[i] = f(x[i]).
#define LGF_UNARY(name, f)                                                                                         \
    LGF_INLINE void lgf_##name##_body(const float *x, float *y, long count) {                                      \
        LGF_VECTOR_LOOP for (long i = 0; i < count; i++) y[i] = f(x[i]);                                           \
    }                                                                                                              \
    LGF_INSTANTIATE(void, lgf_##name##_body, (const float *x, float *y, long count), (x, y, count))                \
    void lgf_##name(int level, const float *x, float *y, long count) {                                             \
        LGF_DISPATCH(level, lgf_##name##_body, (x, y, count))                                                      \
    }

LGF_UNARY(vector_exp, lgf_exp)
LGF_UNARY(vector_log, lgf_log)
LGF_UNARY(vector_tanh, lgf_tanh)
LGF_UNARY(vector_sigmoid, lgf_sigmoid)
LGF_UNARY(vector_softplus, lgf_softplus)

LGF_INLINE void lgf_softplus_backward_body(const float *g, const float *x, float *y, long count) {
    LGF_VECTOR_LOOP for (long i = 0; i < count; i++) y[i] = g[i] * lgf_sigmoid(x[i]);
}

LGF_INSTANTIATE(void, lgf_softplus_backward_body, (const float *g, const float *x, float *y, long count), (g, x, y, count))

void lgf_vector_softplus_backward(int level, const float *g, const float *x, float *y, long count) {
    LGF_DISPATCH(level, lgf_softplus_backward_body, (g, x, y, count))
}

LGF_INLINE void lgf_adam_body(float *theta, float *m, float *v, const float *g, long count, const struct lgf_adam_step *s) {
    const float scale = s->gradient_scale, beta1 = s->beta1, beta2 = s->beta2, step_size = s->step_size;
    const float correction2 = s->correction2, epsilon = s->epsilon;
    const float one_minus_beta1 = 1 - beta1, one_minus_beta2 = 1 - beta2;
    LGF_VECTOR_LOOP for (long i = 0; i < count; i++) {
        const float gradient = g[i] * scale;
        const float first = beta1 * m[i] + one_minus_beta1 * gradient;
        const float second = beta2 * v[i] + one_minus_beta2 * gradient * gradient;
        m[i] = first;
        v[i] = second;
        theta[i] -= step_size * first / (lgf_newton_sqrt(second) / correction2 + epsilon);
    }
}

LGF_INSTANTIATE(void, lgf_adam_body,
                (float *theta, float *m, float *v, const float *g, long count, const struct lgf_adam_step *s),
                (theta, m, v, g, count, s))

void lgf_adam_update(int level, float *theta, float *m, float *v, const float *g, long count, const struct lgf_adam_step *step) {
    LGF_DISPATCH(level, lgf_adam_body, (theta, m, v, g, count, step))
}
