// The products of a narrow layer chain (Tensors' `Tensor.layerChain`), on blocks of rows small enough to stay in L1
// or L2 with every weight of the chain: C[i, ·] = start + Σ_d A(i, d)·B[d, ·] over rows of vectors, with
// the bias, an added matrix, tanh or ReLU, or a derivative applied as each tile is stored. A(i, d) is read through
// two strides, so one kernel serves the forward product (A the activations), the input gradient (A the
// pre-activation gradient) and the weight gradient (A the transposed pre-activation gradient, B the activations).
//
// Register tiles hold R rows × up to four 16-float vectors and one 8-float half vector, at most 24 accumulators with
// AVX-512 and 16 otherwise (rows left over one at a time). Every operand's rows are padded to whole 8-float units by the caller, with zeros past the
// real columns, so tiles never need partial loads or stores. Compiled per instruction set (dispatch.h); the sums are formed in the
// same order in every build (one fused multiply-add per term, d ascending), so the builds agree bit for bit.
#include "CKernels.h"
#include "dispatch.h"
#include "float_math.h"
#include "vectors.h"

typedef struct lgf_chain_product lgf_chain_product_t;

/// `name(acc, finish, paired)`: the epilogue of one stored vector of `lanes` floats, where `acc` is start + Σ and
/// `paired` the activation it is paired with (read by the derivatives only).
#define LGF_CHAIN_FINISH(name, vector, lanes, load, save)                                                        \
    LGF_ALWAYS_INLINE vector name(vector acc, int finish, const float *paired) {                                 \
        switch (finish) {                                                                                        \
        case LGF_CHAIN_TANH: {                                                                                   \
            float values[lanes];                                                                                 \
            save(acc, values);                                                                                   \
            for (int l = 0; l < lanes; l++) values[l] = lgf_tanh(values[l]);                                     \
            return load(values);                                                                                 \
        }                                                                                                        \
        case LGF_CHAIN_RELU: return acc > 0 ? acc : (vector)0;                                                   \
        case LGF_CHAIN_TANH_DERIVATIVE: return acc * ((vector)1 - load(paired) * load(paired));                  \
        case LGF_CHAIN_RELU_DERIVATIVE: return load(paired) > 0 ? acc : (vector)0;                               \
        default: return acc;                                                                                     \
        }                                                                                                        \
    }

LGF_CHAIN_FINISH(lgf_chain_finish, lgf_v16, 16, lgf_load16, lgf_save16)
LGF_CHAIN_FINISH(lgf_chain_finish8, lgf_v8, 8, lgf_load8, lgf_save8)

/// One R × (V + H) tile at row `i` and column `column`: V 16-float vectors and H (0 or 1) 8-float half vectors, the sum
/// over d, then start and epilogue. R, V and H are constants after inlining, so the loops unroll and the accumulators
/// live in registers. (The half vector keeps a 50-wide layer at 56 columns instead of 64: on CPUs that split 16-float
/// operations in two, such as Zen 4, it is half the work of a whole one.)
LGF_ALWAYS_INLINE void lgf_chain_tile(const lgf_chain_product_t *p, long i, long column, const int R, const int V, const int H) {
    lgf_v16 acc[24];
    lgf_v8 half[8];
    for (int r = 0; r < R; r++) {
        for (int w = 0; w < V; w++) acc[r * V + w] = (lgf_v16)0;
        if (H) half[r] = (lgf_v8)0;
    }
    const float *a = p->a + i * p->a_row_step;
    const float *b = p->b + column;
    for (long d = 0; d < p->depth; d++) {
        lgf_v16 bv[4];
        for (int w = 0; w < V; w++) bv[w] = lgf_load16(b + d * p->ldb + w * 16);
        const lgf_v8 bh = H ? lgf_load8(b + d * p->ldb + V * 16) : (lgf_v8)0;
        for (int r = 0; r < R; r++) {
            const float scalar = a[r * p->a_row_step + d * p->a_depth_step];
            const lgf_v16 av = (lgf_v16)scalar;
            for (int w = 0; w < V; w++) acc[r * V + w] = LGF_FMA(av, bv[w], acc[r * V + w]);
            if (H) half[r] = LGF_FMA((lgf_v8)scalar, bh, half[r]);
        }
    }
    for (int r = 0; r < R; r++) {
        const long row = i + r;
        float *c = p->c + row * p->ldc + column;
        for (int w = 0; w < V; w++) {
            const long at = column + w * 16;
            lgf_v16 value = acc[r * V + w];
            if (p->accumulate) value = lgf_load16(c + w * 16) + value;
            else if (p->bias) value = lgf_load16(p->bias + at) + value;
            if (p->addend) value = lgf_load16(p->addend + row * p->ld_addend + at) + value;
            const float *paired = p->paired ? p->paired + row * p->ld_paired + at : 0;
            lgf_save16(lgf_chain_finish(value, p->finish, paired), c + w * 16);
        }
        if (H) {
            const long at = column + V * 16;
            lgf_v8 value = half[r];
            if (p->accumulate) value = lgf_load8(c + V * 16) + value;
            else if (p->bias) value = lgf_load8(p->bias + at) + value;
            if (p->addend) value = lgf_load8(p->addend + row * p->ld_addend + at) + value;
            const float *paired = p->paired ? p->paired + row * p->ld_paired + at : 0;
            lgf_save8(lgf_chain_finish8(value, p->finish, paired), c + V * 16);
        }
    }
}

/// Every row of the columns [column, column + 16·V + 8·H): whole tiles of R rows, then single rows.
LGF_ALWAYS_INLINE void lgf_chain_columns(const lgf_chain_product_t *p, long column, const int R, const int V, const int H) {
    long i = 0;
    for (; i + R <= p->rows; i += R) lgf_chain_tile(p, i, column, R, V, H);
    for (; i < p->rows; i++) lgf_chain_tile(p, i, column, 1, V, H);
}

/// `tall`: the rows of the tiles of three or more vectors, 6 where there are 32 vector registers (AVX-512: 24
/// accumulators, fewer loads per multiply-add), else 4 (16 accumulators).
LGF_ALWAYS_INLINE void lgf_chain_multiply_body(const lgf_chain_product_t *p, const int tall) {
    const long vectors = p->units / 2;
    const int half = (int)(p->units % 2);
    long v = 0;
    for (; v + 4 <= vectors; v += 4) lgf_chain_columns(p, v * 16, tall, 4, 0);
    const long column = v * 16;
    switch ((vectors - v) * 2 + half) {
    case 7: lgf_chain_columns(p, column, tall, 3, 1); break;
    case 6: lgf_chain_columns(p, column, tall, 3, 0); break;
    case 5: lgf_chain_columns(p, column, tall, 2, 1); break;
    case 4: lgf_chain_columns(p, column, 8, 2, 0); break;
    case 3: lgf_chain_columns(p, column, 8, 1, 1); break;
    case 2: lgf_chain_columns(p, column, 8, 1, 0); break;
    case 1: lgf_chain_columns(p, column, 8, 0, 1); break;
    default: break;
    }
}

LGF_INLINE void lgf_chain_multiply_short(const lgf_chain_product_t *p) { lgf_chain_multiply_body(p, 4); }
LGF_INLINE void lgf_chain_multiply_tall(const lgf_chain_product_t *p) { lgf_chain_multiply_body(p, 6); }

#if LGF_HAS_X86_LEVELS
LGF_TARGET_AVX512 static void lgf_chain_multiply_tall_avx512(const lgf_chain_product_t *p) { lgf_chain_multiply_tall(p); }
LGF_TARGET_AVX2 static void lgf_chain_multiply_short_avx2(const lgf_chain_product_t *p) { lgf_chain_multiply_short(p); }
#endif

void lgf_chain_multiply(int level, const struct lgf_chain_product *product) {
#if LGF_HAS_X86_LEVELS
    switch (lgf_usable_level(level)) {
    case LGF_LEVEL_AVX512: lgf_chain_multiply_tall_avx512(product); return;
    case LGF_LEVEL_AVX2: lgf_chain_multiply_short_avx2(product); return;
    default: break;
    }
#endif
    lgf_chain_multiply_short(product);
}

LGF_INLINE void lgf_chain_column_sums_body(const float *x, long rows, long ldx, long units, float *sums) {
    for (long u = 0; u < units; u++) {
        lgf_v8 total = lgf_load8(sums + u * 8);
        for (long r = 0; r < rows; r++) total += lgf_load8(x + r * ldx + u * 8);
        lgf_save8(total, sums + u * 8);
    }
}

LGF_INSTANTIATE(void, lgf_chain_column_sums_body, (const float *x, long rows, long ldx, long units, float *sums),
                (x, rows, ldx, units, sums))

void lgf_chain_column_sums(int level, const float *x, long rows, long ldx, long units, float *sums) {
    LGF_DISPATCH(level, lgf_chain_column_sums_body, (x, rows, ldx, units, sums))
}
