// LocalisedFlows' CPU-specific kernels: matrix products, convolutions and elementwise passes, each compiled per
// function for the instruction sets it uses (AVX-512, AVX2 + FMA on x86-64) beside a portable build, and chosen at
// run time from the CPU's features. Tensors calls them; they are not meant to be called directly.
#ifndef LGF_CKERNELS_H
#define LGF_CKERNELS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - The CPU

/// The instruction-set levels of the kernels, lowest first: the compiler's baseline for the target (SSE2 on x86-64,
/// NEON on arm64); x86-64 with AVX2 and FMA; x86-64 with AVX-512 F, CD, BW, DQ and VL (each enabled by the
/// operating system).
#define LGF_LEVEL_PORTABLE 0
#define LGF_LEVEL_AVX2 1
#define LGF_LEVEL_AVX512 2

/// The highest level this CPU runs (CPUID and XCR0 on x86-64, read once; `LGF_LEVEL_PORTABLE` elsewhere).
int lgf_cpu_level(void);

/// Whether this CPU runs AVX512_BF16 (CPUID leaf 7 subleaf 1, EAX bit 5) besides the AVX-512 level: the conversions
/// to bf16 and the bf16 dot products of `lgf_sgemm_bf16_multiply_part`.
bool lgf_cpu_has_avx512_bf16(void);

/// `requested`, lowered to what this CPU runs: every kernel that takes a level runs at this one, so that asking for
/// more than the CPU has is safe.
int lgf_usable_level(int requested);

// MARK: - Elementwise float32 passes (y may be x; no other overlap)

/// y[i] = eˣ of x[i] (flushes to 0 below −87.33654), as Tensors' `FloatMath.exp`, bit for bit.
void lgf_vector_exp(int level, const float *x, float *y, long count);
/// y[i] = ln x[i], as `FloatMath.log`.
void lgf_vector_log(int level, const float *x, float *y, long count);
/// y[i] = tanh x[i], as `FloatMath.tanh`.
void lgf_vector_tanh(int level, const float *x, float *y, long count);
/// y[i] = 1/(1 + e^(−x[i])), as `FloatMath.sigmoid`.
void lgf_vector_sigmoid(int level, const float *x, float *y, long count);
/// y[i] = log(1 + e^(x[i])), as `FloatMath.softplus`.
void lgf_vector_softplus(int level, const float *x, float *y, long count);
/// y[i] = g[i] · sigmoid(x[i]): softplus' gradient.
void lgf_vector_softplus_backward(int level, const float *g, const float *x, float *y, long count);

/// Σ x[i]² in blocks of 512 elements summed in 8 float lanes by fused multiply-adds, each block's sum added in double.
double lgf_sum_of_squares(int level, const float *x, long count);

/// (Σ ĝ, Σ ĝ·(x − μ)) over `count` values, ĝ = g where x·a + b > 0 when `relu`, else g: eight float lanes (fused
/// multiply-adds), their sums added in order and returned in double with the scalar remainder's.
void lgf_masked_sums(int level, const float *g, const float *x, long count, float a, float b, float mu, bool relu,
                     double *sums, double *products);

/// Σ (x − μ)² over `count` values, eight float lanes as `lgf_masked_sums`.
double lgf_centered_squares(int level, const float *x, long count, float mu);

/// y[i] = x[i]·a + b (then max(·, 0) when `relu`): batch normalisation of one plane with its channel's scale a and
/// shift b. y may be x.
void lgf_batch_norm_normalize(int level, const float *x, float *y, long count, float a, float b, bool relu);

/// dx[i] (= or, when `accumulate`, +=) a·ĝ + x[i]·k + k0, ĝ = g[i] where x[i]·a + b > 0 when `relu`, else g[i]:
/// batch normalisation's input gradient on one plane, with the channel's coefficients k and k0.
void lgf_batch_norm_input_gradient(int level, const float *g, const float *x, float *dx, long count, float a, float b, float k,
                                   float k0, bool relu, bool accumulate);

/// One Adam step's scalars (Kingma & Ba 2015, Algorithm 1, with the bias corrections folded into the step size).
struct lgf_adam_step {
    float gradient_scale, beta1, beta2, step_size, correction2, epsilon;
};

/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − step·m / (√v / correction2 + ε), with g scaled first.
void lgf_adam_update(int level, float *theta, float *m, float *v, const float *g, long count, const struct lgf_adam_step *step);

// MARK: - Matrix products

/// C ← op(A)·op(B) (+ C when `accumulate`; + `bias`, a row of n values added to every row, when not null), row-major,
/// op = transpose when the flag is set; then C ← tanh(C) when `tanh`. m, n, k ≥ 1; not both `accumulate` and `bias`.
struct lgf_sgemm_operands {
    bool transpose_a, transpose_b;
    long m, n, k;
    const float *a;
    long lda;
    const float *b;
    long ldb;
    float *c;
    long ldc;
    bool accumulate;
    const float *bias;
    bool tanh;
};

/// How the 16-lane kernel divides a product into parts that write disjoint blocks of C (ranges of rows, or of
/// 32-column panels when op(A) has few rows). Every choice that decides an element's additions is made from the whole
/// product's shape, so C is bit for bit the same for every number of parts.
struct lgf_sgemm16_partition {
    /// The number of parts (1 ≤ count ≤ the parts asked for).
    long count;
    /// Floats of scratch the parts share (the n × m product Bᵀ·A when Aᵀ·B is computed as (Bᵀ·A)ᵀ, else none).
    long shared_scratch_count;
    /// Floats of packing scratch each part needs, its own.
    long part_scratch_count;
    bool transposed, by_rows;
    long step, depth, layout_rows;
};

/// The division of an m × n × k product into at most `parts` parts of whole tiles; `parts` 1 is the serial layout.
struct lgf_sgemm16_partition lgf_sgemm16_partition(long m, long n, long k, bool transpose_a, bool transpose_b, long parts);

/// Part `part` of the product on the 16-lane kernel (AVX-512 on x86-64): `shared` holds the partition's shared scratch
/// (the same buffer for every part), `scratch` this part's own. Parts may run concurrently.
void lgf_sgemm16_multiply_part(long part, const struct lgf_sgemm16_partition *partition, const struct lgf_sgemm_operands *operands,
                               float *shared, float *scratch);

/// Floats of scratch `lgf_sgemm8_multiply` needs for an n-column product with inner extent k.
long lgf_sgemm8_scratch_count(long n, long k, bool transpose_b);

/// The product on the 8-lane kernel (6×16 register tiles), in the build for `level`: AVX2 + FMA, or the portable one.
void lgf_sgemm8_multiply(int level, const struct lgf_sgemm_operands *operands, float *scratch);

// MARK: - Matrix products with bf16 inputs and float32 sums

/// x rounded to bf16 (its top 16 bits after rounding), as the CPU's VCVTNE2PS2BF16 rounds: to nearest, ties to even;
/// zeros and subnormals to a zero of their sign; infinities kept; NaNs kept quiet (the mantissa's top bit set).
uint16_t lgf_bf16_round(float x);

/// y[i] = x[i] rounded to bf16, by the CPU's conversion where it has AVX512_BF16 (else by `lgf_bf16_round`).
void lgf_bf16_round_vector(const float *x, uint16_t *y, long count);

/// How the bf16 kernel divides a product into parts that write disjoint blocks of C (ranges of rows, or of
/// 32-column panels when op(A) has few rows). The depth blocks depend on k alone, so C is bit for bit the same for
/// every number of parts.
struct lgf_bf16_partition {
    /// The number of parts (1 ≤ count ≤ the parts asked for).
    long count;
    /// Floats of scratch each part needs, its own (the bf16 copies of its operands' depth blocks).
    long part_scratch_count;
    bool by_rows;
    long step, depth;
};

/// The division of an m × n × k product into at most `parts` parts; `parts` 1 is the serial layout.
struct lgf_bf16_partition lgf_sgemm_bf16_partition(long m, long n, long k, long parts);

/// Part `part` of C ← op(A)·op(B) (operands as `lgf_sgemm_operands`, bias, accumulation and tanh included) with
/// every element of A and B rounded to bf16 (`lgf_bf16_round`) and the products summed in float32: by the AVX512_BF16
/// dot products where the CPU has them (12×32 register tiles over operands copied to bf16 pairs along k, an odd
/// depth padded with zero), else by a scalar loop. Parts may run concurrently.
void lgf_sgemm_bf16_multiply_part(long part, const struct lgf_bf16_partition *partition, const struct lgf_sgemm_operands *operands,
                                  float *scratch);

// MARK: - Convolutions on zero-padded planes (16 lanes, AVX-512 on x86-64)

/// Output rows per register tile of `lgf_conv16_correlate` (the packed weights come in blocks of this many rows).
#define LGF_CONV16_BLOCK_ROWS 8
/// Floats `lgf_conv16_correlate` may read past the furthest source position a product needs.
#define LGF_CONV16_SOURCE_SLACK 48
/// Floats `lgf_conv16_weight_gradient` may read past the last padded position of its channels-last input.
#define LGF_CONV16_TRANSPOSED_SLACK 64

/// Floats `lgf_conv16_pack_weights` writes for `rows` output rows, `channels` summed channels and `taps` taps.
long lgf_conv16_packed_weight_count(long rows, long channels, long taps);

/// Rearranges per-tap weights a[t][r][c] into `[row block][t][c][8]`, rows past `rows` zero.
void lgf_conv16_pack_weights(const float *a, long rows, long channels, long taps, float *packed);

/// out[r·ldc + j] = Σ_t Σ_c A_t[r, c] · source[c·channel_stride + offsets[t] + j] for r < rows, j < columns. Reads
/// `source` up to `LGF_CONV16_SOURCE_SLACK` floats past the furthest position the product needs (computed, not stored).
void lgf_conv16_correlate(const float *packed, long rows, long channels, const long *offsets, long taps, const float *source,
                          long channel_stride, long columns, float *out, long ldc);

/// out[t][r][c] (= or, when `accumulate`, +=) Σ_j dy[r·dy_stride + j] · transposed[(offsets[t] + j)·channels + c]:
/// the per-tap weight gradient from a channels-last copy of the padded input. Reads up to `LGF_CONV16_TRANSPOSED_SLACK`
/// floats past the last padded position of `transposed`.
void lgf_conv16_weight_gradient(const float *dy, long rows, long dy_stride, const float *transposed, long channels,
                                const long *offsets, long taps, long columns, float *out, bool accumulate);

// MARK: - Winograd convolutions F(m × m, 3 × 3), m = 2 or 4 (Lavin & Gray 2016, arXiv:1509.09308)

/// Writes the matrix `which` of F(tile × tile, 3 × 3) row-major into `out` (at most 36 values) and returns its count:
/// 0 Bᵀ (α × α), 1 G (α × 3), 2 Aᵀ (tile × α), α = tile + 2.
long lgf_winograd_matrix(long tile, int which, double *out);

/// One image plane cut into tiles `tile` (m, 2 or 4) apart: tile (ty, tx) computes the outputs at rows ty·m..<ty·m + m
/// and columns tx·m..<tx·m + m (those inside the plane), for ty < tile_rows = ⌈height/m⌉, tx < tile_columns.
struct lgf_winograd_tiling {
    long height, width, tile, tile_rows, tile_columns;
};

/// The data transform Bᵀ d B of the α × α window at (ty·m − 1, tx·m − 1) (padding 1, zero outside the plane).
#define LGF_WINOGRAD_DATA 0
/// The output-gradient transform A e Aᵀ of the m × m block at (ty·m, tx·m) (zero outside the plane).
#define LGF_WINOGRAD_OUTPUT_GRADIENT 1
/// The output transform Aᵀ M A (used by `lgf_winograd_output_*` only).
#define LGF_WINOGRAD_OUTPUT 2

/// Elements of scratch `lgf_winograd_transform_*` needs for `channels` channels and transform `kind`.
long lgf_winograd_transform_scratch_count(const struct lgf_winograd_tiling *tiling, int kind, long channels);

/// Elements of scratch `lgf_winograd_output_*` needs for `channels` channels.
long lgf_winograd_output_scratch_count(const struct lgf_winograd_tiling *tiling, long channels);

/// v[p·position_stride + t·channels + c] = the transform `kind` (`LGF_WINOGRAD_DATA` or `LGF_WINOGRAD_OUTPUT_GRADIENT`)
/// of tile t = ty·tile_columns + tx of plane c of one image x `[channels][height][width]`, at position p = ξ·α + ν.
void lgf_winograd_transform_f32(int level, const struct lgf_winograd_tiling *tiling, int kind, const float *x, long channels,
                                float *scratch, float *v, long position_stride);
void lgf_winograd_transform_f64(int level, const struct lgf_winograd_tiling *tiling, int kind, const double *x, long channels,
                                double *scratch, double *v, long position_stride);

/// y[c][h][w] (= bias[c] + …, bias may be null, or += when `accumulate`) Σ Aᵀ M_t A over the tiles of one image, M_t at
/// position p read from products[p·position_stride + t·channels + c]; outputs past the plane are dropped.
void lgf_winograd_output_f32(int level, const struct lgf_winograd_tiling *tiling, const float *products, long position_stride,
                             long channels, const float *bias, bool accumulate, float *y, float *scratch);
void lgf_winograd_output_f64(int level, const struct lgf_winograd_tiling *tiling, const double *products, long position_stride,
                             long channels, const double *bias, bool accumulate, double *y, double *scratch);

// MARK: - Layer chains of narrow networks (every operand's rows padded to whole 8-float units)

/// What `lgf_chain_multiply` applies to each stored value v (start + sum, plus the addend).
#define LGF_CHAIN_NONE 0
/// tanh v (as `lgf_vector_tanh`).
#define LGF_CHAIN_TANH 1
/// max(v, 0).
#define LGF_CHAIN_RELU 2
/// v·(1 − y²), y the paired value: the gradient at a tanh layer's pre-activation.
#define LGF_CHAIN_TANH_DERIVATIVE 3
/// v where the paired value y > 0, else 0: the gradient at a ReLU layer's pre-activation.
#define LGF_CHAIN_RELU_DERIVATIVE 4

/// C[i, ·] = finish(start_i + Σ_{d < depth} a[i·a_row_step + d·a_depth_step] · b[d·ldb + ·] + addend[i·ld_addend + ·])
/// for i < rows, over `units` × 8 columns, where start_i is C[i, ·] when `accumulate`, else `bias` (or 0 when
/// null); `addend` may be null; `paired` (rows ld_paired apart) is read by the derivatives only. Every row of b, c,
/// bias, addend and paired must hold `units` × 8 floats; each term is one fused multiply-add, d ascending.
struct lgf_chain_product {
    long rows, depth, units;
    const float *a; long a_row_step, a_depth_step;
    const float *b; long ldb;
    float *c; long ldc;
    bool accumulate;
    const float *bias, *addend; long ld_addend;
    const float *paired; long ld_paired;
    int finish;
};

/// The product in the build for `level`.
void lgf_chain_multiply(int level, const struct lgf_chain_product *product);

/// sums[·] += Σ_{r < rows} x[r·ldx + ·] over `units` × 8 columns, rows in order.
void lgf_chain_column_sums(int level, const float *x, long rows, long ldx, long units, float *sums);

#ifdef __cplusplus
}
#endif

#endif
