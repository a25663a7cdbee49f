// Scalar float math as branch-free polynomials: the C twin of Tensors' `FloatMath`, operation for operation, so that
// the vector loops built from it (elementwise.c) give the same bits as the Swift functions. Every operation is a
// correctly rounded IEEE operation, a fused multiply-add or an exact bit manipulation; contraction of a·b + c into
// an FMA is switched off so that the compiler adds none of its own. Accuracy and special values: see `FloatMath`.
// The coefficients of exp and log are from Stephen L. Moshier's Cephes library (expf.c, logf.c); tanh's rational
// is our own fit.
#ifndef LGF_FLOAT_MATH_H
#define LGF_FLOAT_MATH_H

#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

#define LGF_INLINE static inline __attribute__((always_inline))

LGF_INLINE uint32_t lgf_bits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
LGF_INLINE float lgf_float(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }
LGF_INLINE float lgf_fma(float a, float b, float c) { return __builtin_fmaf(a, b, c); }

#define LGF_ROUNDING_MAGIC 12582912.0f
#define LGF_LOG2E 1.4426950408889634f
#define LGF_LN2_HI 0.693359375f
#define LGF_LN2_LO -2.1219444005469058e-4f
#define LGF_EXP_UNDERFLOW -87.33654022216797f
#define LGF_SQRT_HALF_BITS 0x3F3504F3u

/// eᵗ for t in [−87.5, 88.75] or NaN (`FloatMath.expClamped`).
LGF_INLINE float lgf_exp_clamped(float t) {
    const float shifted = lgf_fma(t, LGF_LOG2E, LGF_ROUNDING_MAGIC);
    const float n = shifted - LGF_ROUNDING_MAGIC;
    float r = lgf_fma(n, -LGF_LN2_HI, t);
    r = lgf_fma(n, -LGF_LN2_LO, r);
    const float z = r * r;
    float p = 1.9875691500e-4f;
    p = lgf_fma(p, r, 1.3981999507e-3f);
    p = lgf_fma(p, r, 8.3334519073e-3f);
    p = lgf_fma(p, r, 4.1665795894e-2f);
    p = lgf_fma(p, r, 1.6666665459e-1f);
    p = lgf_fma(p, r, 5.0000001201e-1f);
    const float y = lgf_fma(p, z, r) + 1;
    const int big = n > 0;
    const uint32_t bits = lgf_bits(shifted) - (big ? 1u : 0u);
    const float scale = lgf_float((bits + 127u) << 23);
    return (big ? y + y : y) * scale;
}

/// eˣ (`FloatMath.exp`): flushes to 0 below −87.33654.
LGF_INLINE float lgf_exp(float x) {
    float t = x > 88.75f ? 88.75f : x;
    t = t < -87.5f ? -87.5f : t;
    const float y = lgf_exp_clamped(t);
    return x < LGF_EXP_UNDERFLOW ? 0 : y;
}

/// log(1 + f) + e·ln 2 for f in about [−0.3, 0.42] (`FloatMath.log1pReduced`).
LGF_INLINE float lgf_log1p_reduced(float f, float e) {
    const float z = f * f;
    float p = 7.0376836292e-2f;
    p = lgf_fma(p, f, -1.1514610310e-1f);
    p = lgf_fma(p, f, 1.1676998740e-1f);
    p = lgf_fma(p, f, -1.2420140846e-1f);
    p = lgf_fma(p, f, 1.4249322787e-1f);
    p = lgf_fma(p, f, -1.6668057665e-1f);
    p = lgf_fma(p, f, 2.0000714765e-1f);
    p = lgf_fma(p, f, -2.4999993993e-1f);
    p = lgf_fma(p, f, 3.3333331174e-1f);
    float y = p * f * z;
    y = lgf_fma(e, LGF_LN2_LO, y);
    y = lgf_fma(-0.5f, z, y);
    return lgf_fma(e, LGF_LN2_HI, f + y);
}

/// Natural logarithm (`FloatMath.log`).
LGF_INLINE float lgf_log(float x) {
    const int subnormal = x < 1.17549435e-38f;
    const float xs = subnormal ? x * 8388608.0f : x;
    const uint32_t shifted = lgf_bits(xs) - LGF_SQRT_HALF_BITS;
    const int32_t e = ((int32_t)shifted >> 23) + (subnormal ? -23 : 0);
    const float m = lgf_float((shifted & 0x007FFFFFu) + LGF_SQRT_HALF_BITS);
    const float y = lgf_log1p_reduced(m - 1, (float)e);
    const float special = x == 0 ? -__builtin_inff() : __builtin_nanf("");
    const float finite = x == __builtin_inff() ? x : y;
    return x > 0 ? finite : special;
}

/// log(1 + x) for finite x > −1 (`FloatMath.log1pFinite`).
LGF_INLINE float lgf_log1p_finite(float x) {
    const float u = 1 + x;
    const uint32_t shifted = lgf_bits(u) - LGF_SQRT_HALF_BITS;
    const int32_t k = (int32_t)shifted >> 23;
    const float m = lgf_float((shifted & 0x007FFFFFu) + LGF_SQRT_HALF_BITS);
    const int32_t k_scale = k > 126 ? 126 : k;
    const float s = lgf_float((uint32_t)(127 - k_scale) << 23);
    const float f = k > 126 ? m - 1 : lgf_fma(s, x, s - 1);
    return lgf_log1p_reduced(f, (float)k);
}

/// Hyperbolic tangent (`FloatMath.tanh`): a·P(a²)/Q(a²) on a = |x|, capped at 1, 1 above 9.1, the sign of x.
LGF_INLINE float lgf_tanh(float x) {
    const float a = lgf_float(lgf_bits(x) & 0x7FFFFFFFu);
    const float s = a * a;
    float p = -1.2092171e-11f;
    p = lgf_fma(p, s, 3.0442934e-8f);
    p = lgf_fma(p, s, 2.7951199e-5f);
    p = lgf_fma(p, s, 0.003865626f);
    p = lgf_fma(p, s, 0.13677782f);
    p = lgf_fma(p, s, 1);
    float q = 1.2833442e-6f;
    q = lgf_fma(q, s, 3.933805e-4f);
    q = lgf_fma(q, s, 0.027236026f);
    q = lgf_fma(q, s, 0.47011116f);
    q = lgf_fma(q, s, 1);
    const float ratio = (a * p) / q;
    const float capped = ratio > 1 ? 1 : ratio;
    const float magnitude = a > 9.1f ? 1 : capped;
    return lgf_float(lgf_bits(magnitude) | (lgf_bits(x) & 0x80000000u));
}

/// 1/(1 + e⁻ˣ) (`FloatMath.sigmoid`).
LGF_INLINE float lgf_sigmoid(float x) {
    const float e = lgf_exp(-lgf_float(lgf_bits(x) & 0x7FFFFFFFu));
    return (x < 0 ? e : 1) / (1 + e);
}

/// log(1 + eˣ) as max(x, 0) + log1p(e^{−|x|}) (`FloatMath.softplus`).
LGF_INLINE float lgf_softplus(float x) {
    const float positive = x > 0 ? x : 0;
    return positive + lgf_log1p_finite(lgf_exp(-lgf_float(lgf_bits(x) & 0x7FFFFFFFu)));
}

/// √x for x ≥ 0 within 1 ulp (correctly rounded for almost all x), +∞ → +∞, NaN or x < 0 → NaN: Adam's square root,
/// which the loop vectoriser can use where `sqrtf` (with its errno check) cannot. A bit-pattern estimate of 1/√x
/// (0x5F375A86 − bits/2, relative error < 0.18%), two Newton steps r ← r(1.5 − ½x·r²) (error ~1e-11 before
/// rounding), s = x·r, and one correction s ← s − (s² − x)·r/2 with the residual s² − x formed exactly by a fused
/// multiply-add. Subnormal x are scaled by 2²⁴ first and the root by 2⁻¹² after.
LGF_INLINE float lgf_newton_sqrt(float x) {
    const int subnormal = x < 1.17549435e-38f;
    const float scaled = subnormal ? x * 16777216.0f : x;
    float r = lgf_float(0x5F375A86u - (lgf_bits(scaled) >> 1));
    const float half = 0.5f * scaled;
    r = r * (1.5f - half * r * r);
    r = r * (1.5f - half * r * r);
    const float s = scaled * r;
    const float residual = lgf_fma(s, s, -scaled);
    const float root = lgf_fma(-residual, 0.5f * r, s);
    const float unscaled = subnormal ? root * 0.000244140625f : root;
    const float special = x == __builtin_inff() ? __builtin_inff() : __builtin_nanf("");
    return x >= 0 && x < __builtin_inff() ? (x == 0 ? 0 : unscaled) : special;
}

#endif
