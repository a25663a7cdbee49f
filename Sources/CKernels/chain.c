// The products of a narrow layer chain (Tensors' `Tensor.layerChain`), on blocks of rows small enough to stay in L1
// or L2 with every weight of the chain: C[i, ·] = start + Σ_d A(i, d)·B[d, ·] over rows of 16-float vectors, with
// the bias, an added matrix, tanh or ReLU, or a derivative applied as each tile is stored. A(i, d) is read through
// two strides, so one kernel serves the forward product (A the activations), the input gradient (A the
// pre-activation gradient) and the weight gradient (A the transposed pre-activation gradient, B the activations).
//
// Register tiles hold R rows × V vectors with R·V ≤ 16 accumulators (8 × 1, 8 × 2, 4 × 3, 4 × 4; rows left over one
// at a time). Every operand's rows are padded to whole vectors by the caller, with zeros past the real columns, so
// tiles never need partial loads or stores. Compiled per instruction set (dispatch.h); the sums are formed in the
// same order in every build (one fused multiply-add per term, d ascending), so the builds agree bit for bit.
#include "CKernels.h"
#include "dispatch.h"
#include "float_math.h"
#include "vectors.h"

typedef struct lgf_chain_product lgf_chain_product_t;

/// The epilogue of one stored vector: `acc` is start + Σ; `y` the activation it is paired with (derivatives only).
LGF_ALWAYS_INLINE lgf_v16 lgf_chain_finish(lgf_v16 acc, int finish, const float *paired) {
    switch (finish) {
    case LGF_CHAIN_TANH: {
        float lanes[16];
        lgf_save16(acc, lanes);
        for (int l = 0; l < 16; l++) lanes[l] = lgf_tanh(lanes[l]);
        return lgf_load16(lanes);
    }
    case LGF_CHAIN_RELU: return acc > 0 ? acc : (lgf_v16)0;
    case LGF_CHAIN_TANH_DERIVATIVE: {
        const lgf_v16 y = lgf_load16(paired);
        return acc * ((lgf_v16)1 - y * y);
    }
    case LGF_CHAIN_RELU_DERIVATIVE: {
        const lgf_v16 y = lgf_load16(paired);
        return y > 0 ? acc : (lgf_v16)0;
    }
    default: return acc;
    }
}

/// One R × V tile at row `i`, vector column `v`: the sum over d, then start and epilogue. R and V are constants after
/// inlining, so the loops unroll and the accumulators live in registers.
LGF_ALWAYS_INLINE void lgf_chain_tile(const lgf_chain_product_t *p, long i, long v, const int R, const int V) {
    lgf_v16 acc[16];
    for (int r = 0; r < R; r++)
        for (int w = 0; w < V; w++) acc[r * V + w] = (lgf_v16)0;
    const float *a = p->a + i * p->a_row_step;
    const float *b = p->b + v * 16;
    for (long d = 0; d < p->depth; d++) {
        lgf_v16 bv[4];
        for (int w = 0; w < V; w++) bv[w] = lgf_load16(b + d * p->ldb + w * 16);
        for (int r = 0; r < R; r++) {
            const lgf_v16 av = (lgf_v16)a[r * p->a_row_step + d * p->a_depth_step];
            for (int w = 0; w < V; w++) acc[r * V + w] = LGF_FMA(av, bv[w], acc[r * V + w]);
        }
    }
    for (int r = 0; r < R; r++) {
        float *c = p->c + (i + r) * p->ldc + v * 16;
        for (int w = 0; w < V; w++) {
            lgf_v16 value = acc[r * V + w];
            if (p->accumulate) value = lgf_load16(c + w * 16) + value;
            else if (p->bias) value = lgf_load16(p->bias + v * 16 + w * 16) + value;
            if (p->addend) value = lgf_load16(p->addend + (i + r) * p->ld_addend + v * 16 + w * 16) + value;
            const float *paired = p->paired ? p->paired + (i + r) * p->ld_paired + v * 16 + w * 16 : 0;
            lgf_save16(lgf_chain_finish(value, p->finish, paired), c + w * 16);
        }
    }
}

/// Every row of the vector columns [v, v + V): whole tiles of R rows, then single rows.
LGF_ALWAYS_INLINE void lgf_chain_columns(const lgf_chain_product_t *p, long v, const int R, const int V) {
    long i = 0;
    for (; i + R <= p->rows; i += R) lgf_chain_tile(p, i, v, R, V);
    for (; i < p->rows; i++) lgf_chain_tile(p, i, v, 1, V);
}

LGF_INLINE void lgf_chain_multiply_body(const lgf_chain_product_t *p) {
    long v = 0;
    for (; v + 4 <= p->vectors; v += 4) lgf_chain_columns(p, v, 4, 4);
    switch (p->vectors - v) {
    case 3: lgf_chain_columns(p, v, 4, 3); break;
    case 2: lgf_chain_columns(p, v, 8, 2); break;
    case 1: lgf_chain_columns(p, v, 8, 1); break;
    default: break;
    }
}

LGF_INSTANTIATE(void, lgf_chain_multiply_body, (const lgf_chain_product_t *p), (p))

void lgf_chain_multiply(int level, const struct lgf_chain_product *product) {
    LGF_DISPATCH(level, lgf_chain_multiply_body, (product))
}

LGF_INLINE void lgf_chain_column_sums_body(const float *x, long rows, long ldx, long vectors, float *sums) {
    for (long v = 0; v < vectors; v++) {
        lgf_v16 total = lgf_load16(sums + v * 16);
        for (long r = 0; r < rows; r++) total += lgf_load16(x + r * ldx + v * 16);
        lgf_save16(total, sums + v * 16);
    }
}

LGF_INSTANTIATE(void, lgf_chain_column_sums_body, (const float *x, long rows, long ldx, long vectors, float *sums),
                (x, rows, ldx, vectors, sums))

void lgf_chain_column_sums(int level, const float *x, long rows, long ldx, long vectors, float *sums) {
    LGF_DISPATCH(level, lgf_chain_column_sums_body, (x, rows, ldx, vectors, sums))
}
