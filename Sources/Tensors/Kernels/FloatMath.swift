/// Scalar `Float` math as branch-free polynomials (Cephes-style range reduction) and one rational (tanh), accurate
/// to a few ulp (per function below).
///
/// Why not glibc: `tanhf` costs about 11 ns per element and none of the libm calls vectorise, whereas these
/// functions in a plain loop vectorise to the full width of the CPU. The loops over buffers run their C twins in
/// `CKernels` (float_math.h there, operation for operation the same, compiled per function for AVX-512, AVX2 + FMA
/// and the baseline; see `VectorMath`); these Swift functions are the reference the tests compare them with, bit
/// for bit, and serve scalar uses.
///
/// How they are written, and why (substrate notes §3 and §6):
/// - no branches: both sides of a case are computed and chosen with ternaries, which become vector selects;
/// - integer work on the IEEE bit pattern (`bitPattern`, wrapping `&+`, masking `&>>`/`&<<`) instead of
///   `Int32(x)`, `rounded()` or `frexp`, which trap, are scalarised or are library calls;
/// - round-to-nearest-integer by adding and subtracting 1.5·2²³;
/// - fused multiply-adds (`addingProduct`) for range reduction and Horner steps. They are single instructions in
///   code compiled for FMA (the C twins' AVX2 and AVX-512 builds; native on arm64); this Swift code, compiled for
///   plain x86-64, calls `fmaf`: correct, but slow. Every operation used is correctly rounded IEEE arithmetic, so
///   the results are bit-identical on every target and in every loop.
/// - ternaries are ordered so that a NaN input falls through to the arithmetic and comes out as NaN.
///
/// The accuracy quoted on each function comes from a scan of every float in the stated range against
/// Double-precision glibc; `FloatMathTests` re-checks it on dense grids. "ulp" means |result − exact| in units
/// of the last place of float32 at the exact value's binade.
/// The coefficients of exp and log are from Stephen L. Moshier's Cephes library (single-precision `expf.c`,
/// `logf.c`); tanh's rational is our own fit. The code is our own.
enum FloatMath {
    // MARK: Constants

    /// 1.5·2²³: adding then subtracting it rounds a Float of magnitude < 2²² to the nearest integer, and the
    /// sum's low mantissa bits hold that integer in two's complement.
    private static var roundingMagic: Float { 12_582_912 }
    private static var log2e: Float { 1.442_695_040_888_963_4 }
    /// ln 2 = ln2Hi + ln2Lo (Cephes `C1`, `C2`). `ln2Hi` has 9 significant bits, so `n·ln2Hi` is exact for |n| < 2¹⁵.
    private static var ln2Hi: Float { 0.693_359_375 }
    private static var ln2Lo: Float { -2.121_944_400_546_905_8e-4 }
    /// The float just above ln(FLT_MIN) = −87.33654475: `exp` flushes to 0 below it, so its results are normal.
    private static var expUnderflow: Float { -87.336_540_222_167_97 }
    /// Bit pattern of the float nearest √½; `log` reduces its argument to m·2ᵉ with m in [√½, √2).
    private static var sqrtHalfBits: UInt32 { 0x3F35_04F3 }

    @inline(__always)
    private static func fma(_ a: Float, _ b: Float, _ c: Float) -> Float { c.addingProduct(a, b) }

    // MARK: exp

    /// eˣ.
    ///
    /// Algorithm (Cephes `expf.c`): n = round(x·log₂e) by the 1.5·2²³ trick; r = x − n·ln2 in two FMA steps
    /// (ln2 split as `ln2Hi + ln2Lo`), |r| ≤ ½ln2; eʳ = 1 + r + r²·P(r) with Cephes' degree-5 P; the result is
    /// scaled by 2ⁿ built in the exponent field. For n = 128 (x ≥ 88.38) it scales by 2·2¹²⁷ so the whole range
    /// up to ln(FLT_MAX) stays finite and beyond it overflows to +inf by ordinary rounding.
    ///
    /// Accuracy, measured on every float in [−87.34, 88.72] with |x| ≥ 1e-12 against Double libm: max error
    /// 1.01 ulp (at x = −5.8779), max relative error 8.5e-8. For |x| < 1e-12 the result is 1 (correctly rounded).
    ///
    /// Special values: x < −87.33654 (where eˣ < FLT_MIN) **flushes to +0** — no subnormal results, so no
    /// subnormal slow paths downstream; exp(−inf) = 0. x > 88.7228 (ln FLT_MAX) → +inf; exp(+inf) = +inf.
    /// NaN → NaN. exp(±0) = 1.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        // Clamp (NaN falls through both ternaries) so that n stays in [−126, 128].
        var t = x > 88.75 ? 88.75 : x
        t = t < -87.5 ? -87.5 : t
        let y = expClamped(t)
        return x < expUnderflow ? 0 : y
    }

    /// eᵗ for t in [−87.5, 88.75] or NaN; results below FLT_MIN are subnormal or 0 (callers flush).
    @inline(__always)
    private static func expClamped(_ t: Float) -> Float {
        let shifted = fma(t, log2e, roundingMagic)        // 1.5·2²³ + n, exactly
        let n = shifted - roundingMagic
        var r = fma(n, -ln2Hi, t)                         // exact: n·ln2Hi is exact and close to t
        r = fma(n, -ln2Lo, r)
        let z = r * r
        var p: Float = 1.987_569_150_0e-4
        p = fma(p, r, 1.398_199_950_7e-3)
        p = fma(p, r, 8.333_451_907_3e-3)
        p = fma(p, r, 4.166_579_589_4e-2)
        p = fma(p, r, 1.666_666_545_9e-1)
        p = fma(p, r, 5.000_000_120_1e-1)
        let y = fma(p, z, r) + 1                          // eʳ in [0.7, 1.42]
        // 2ⁿ from the low bits of `shifted` (= 0x4B400000 + n; 0x4B400000 << 23 wraps to 0). The exponent field
        // holds at most 2¹²⁷, so for n = 128 scale y·2 by 2¹²⁷ (doubling is exact).
        let big = n > 0
        let bits = shifted.bitPattern &- (big ? 1 : 0)
        let scale = Float(bitPattern: (bits &+ 127) &<< 23)
        return (big ? y + y : y) * scale
    }

    // MARK: log

    /// Natural logarithm.
    ///
    /// Algorithm (Cephes `logf.c`): x = m·2ᵉ with m in [√½, √2), taken from the bit pattern (subtract the bits
    /// of √½, arithmetic-shift for e, mask and add back for m); f = m − 1 (exact) in [−0.293, 0.414];
    /// log(1+f) = f − f²/2 + f³·P(f) with Cephes' degree-8 P; plus e·ln2 in two parts (`ln2Lo` added first).
    ///
    /// Accuracy, measured on every positive finite float (subnormals included) against Double libm: max error
    /// 0.83 ulp (at x = 1.41364), max relative error 8.2e-8 — including near x = 1, where log x → 0.
    ///
    /// Special values: log(±0) = −inf, log(x < 0) = NaN, log(+inf) = +inf, NaN → NaN. Subnormal inputs are
    /// handled exactly (scaled by 2²³ first), e.g. log(1e-45) = −103.28.
    @inline(__always)
    static func log(_ x: Float) -> Float {
        let subnormal = x < .leastNormalMagnitude                     // also true for 0 and negatives, fixed below
        let xs = subnormal ? x * 8_388_608 : x
        let y = logOfPositive(xs, exponentBias: subnormal ? -23 : 0)
        let special: Float = x == 0 ? -.infinity : .nan           // x < 0 or NaN → NaN
        let finite = x == .infinity ? x : y
        return x > 0 ? finite : special
    }

    /// log(x·2^`exponentBias`) for positive normal finite x; garbage otherwise.
    @inline(__always)
    private static func logOfPositive(_ x: Float, exponentBias: Int32) -> Float {
        let shifted = x.bitPattern &- sqrtHalfBits
        let e = Int32(bitPattern: shifted) &>> 23 &+ exponentBias
        let m = Float(bitPattern: (shifted & 0x007F_FFFF) &+ sqrtHalfBits)
        return log1pReduced(m - 1, exponent: Float(e))
    }

    /// log(1 + f) + e·ln 2 for f in about [−0.3, 0.42]: the Cephes `logf.c` polynomial and reconstruction.
    @inline(__always)
    private static func log1pReduced(_ f: Float, exponent e: Float) -> Float {
        let z = f * f
        var p: Float = 7.037_683_629_2e-2
        p = fma(p, f, -1.151_461_031_0e-1)
        p = fma(p, f, 1.167_699_874_0e-1)
        p = fma(p, f, -1.242_014_084_6e-1)
        p = fma(p, f, 1.424_932_278_7e-1)
        p = fma(p, f, -1.666_805_766_5e-1)
        p = fma(p, f, 2.000_071_476_5e-1)
        p = fma(p, f, -2.499_999_399_3e-1)
        p = fma(p, f, 3.333_333_117_4e-1)
        var y = p * f * z                                  // f³·P(f)
        y = fma(e, ln2Lo, y)
        y = fma(-0.5, z, y)
        return fma(e, ln2Hi, f + y)
    }

    // MARK: log1p

    /// log(1 + x), accurate for small |x| (used by `softplus`).
    ///
    /// Algorithm: u = 1 + x (rounded) only chooses the power of two: u = m·2ᵏ, m in [√½, √2) as in `log`.
    /// The reduced argument is then computed from x itself, f = 2⁻ᵏ·x + (2⁻ᵏ − 1) in one FMA, which is the
    /// exact (1 + x)·2⁻ᵏ − 1 rounded once — so the rounding of 1 + x is not lost (no division needed, unlike
    /// the usual `c/u` correction); then the Cephes `logf.c` polynomial as in `log`. For u ≥ 2¹²⁷ (k > 126)
    /// f = m − 1 is used, where 1 + x = x anyway.
    ///
    /// Accuracy, measured on every float in (−1, FLT_MAX] against Double libm: max error 1.39 ulp (at
    /// x = 0.41456, the √2 seam of the reduction), max relative error 1.2e-7; log1p(x) = x exactly for |x| < 2⁻²⁵.
    ///
    /// Special values: log1p(−1) = −inf, x < −1 → NaN, log1p(+inf) = +inf, NaN → NaN, log1p(±0) = ±0.
    @inline(__always)
    static func log1p(_ x: Float) -> Float {
        let y = log1pFinite(x)
        let special: Float = x == -1 ? -.infinity : .nan           // x < −1 or NaN → NaN
        let finite = x == .infinity || x == 0 ? x : y
        return x > -1 ? finite : special
    }

    /// log(1 + x) for finite x > −1; NaN → NaN; 0 → +0. No other special-value handling.
    @inline(__always)
    private static func log1pFinite(_ x: Float) -> Float {
        let u = 1 + x
        let shifted = u.bitPattern &- sqrtHalfBits
        let k = Int32(bitPattern: shifted) &>> 23
        let m = Float(bitPattern: (shifted & 0x007F_FFFF) &+ sqrtHalfBits)
        let kScale = k > 126 ? 126 : k
        let s = Float(bitPattern: UInt32(bitPattern: 127 &- kScale) &<< 23)   // 2⁻ᵏ (normal for k ≤ 126)
        let f = k > 126 ? m - 1 : fma(s, x, s - 1)
        return log1pReduced(f, exponent: Float(k))
    }

    // MARK: tanh

    /// Above this |x| the result is ±1 exactly (the true tanh rounds to ±1 from |x| ≈ 9.01).
    static var tanhSaturation: Float { 9.1 }

    /// Hyperbolic tangent.
    ///
    /// Algorithm on a = |x|: tanh(a) = a·P(a²)/Q(a²), a (5, 4) rational in a² that we fitted on [0, 9.1] for
    /// minimal relative error (Lawson's iteratively reweighted least squares in Double: 1.5e-9, 2.9e-8 once the
    /// coefficients are rounded to Float), with P(0) = Q(0) = 1 so that tiny arguments come out unchanged. Both
    /// polynomials by Horner's rule in FMAs, then one correctly rounded division; the result is capped at 1, set to 1 for a > 9.1 (where a² would make P/Q = inf/inf), and
    /// given the sign of x, which makes the function exactly odd, including tanh(−0) = −0.
    ///
    /// Why a rational and not Cephes' `tanhf` (a polynomial below 0.625 and 1 − 2/(e^{2a} + 1) above, which this
    /// function replaced): about 19 vector operations instead of about 40, so tanh runs 1.9× faster (AVX-512,
    /// 0.56 → 0.29 ns per element). tanh is the largest cost after the matrix products in every tanh network
    /// (10% of a MINIBOONE-shaped K = 1000 evaluation, more in the narrow 2-D networks). The price is accuracy:
    /// the rounding errors of the two Horner chains add up, most where tanh is near 1.
    ///
    /// Accuracy, measured on every float in [0, 10] against Double libm: max error 5.44 ulp (at |x| = 8.0465,
    /// where the ulp is 6e-8), max relative error 3.3e-7; 3.4 ulp at most below |x| = 1. Cephes' was 1.33 ulp. tanh(x) = x exactly for
    /// |x| < 2⁻¹², and |tanh(x)| ≤ 1 everywhere.
    ///
    /// Special values: odd (tanh(−x) = −tanh(x) bit for bit), tanh(±inf) = ±1, |x| > 9.1 → ±1, tanh(±0) = ±0,
    /// NaN → NaN.
    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        let a = x.magnitude
        let s = a * a
        var p: Float = -1.209_217_1e-11
        p = fma(p, s, 3.044_293_4e-8)
        p = fma(p, s, 2.795_119_9e-5)
        p = fma(p, s, 0.003_865_626)
        p = fma(p, s, 0.136_777_82)
        p = fma(p, s, 1)
        var q: Float = 1.283_344_2e-6
        q = fma(q, s, 3.933_805e-4)
        q = fma(q, s, 0.027_236_026)
        q = fma(q, s, 0.470_111_16)
        q = fma(q, s, 1)
        let ratio = (a * p) / q
        let capped: Float = ratio > 1 ? 1 : ratio                  // NaN passes through
        let magnitude: Float = a > tanhSaturation ? 1 : capped     // NaN passes through
        return Float(bitPattern: magnitude.bitPattern | (x.bitPattern & 0x8000_0000))
    }

    // MARK: sigmoid

    /// Logistic sigmoid 1/(1 + e⁻ˣ).
    ///
    /// Algorithm: e = e^{−|x|} from `exp` (in [0, 1], so nothing overflows for any x), then 1/(1 + e) for x ≥ 0
    /// and e/(1 + e) for x < 0 — one division either way. The second form keeps full relative accuracy for
    /// very negative x, where 1/(1 + e^{−x}) would pass through +inf.
    ///
    /// Accuracy, measured on every float in [−87.4, 20] with |x| ≥ 1e-12 against Double: max error 2.40 ulp
    /// (at x = −4.1573; the exp error passes through for x < 0), max relative error 1.8e-7, wherever the result
    /// is ≥ FLT_MIN. For x < −87.33654 the result **flushes to 0** (true value < FLT_MIN), like `exp`.
    ///
    /// Special values: sigmoid(−inf) = 0, sigmoid(+inf) = 1, sigmoid(0) = 0.5, NaN → NaN.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        let e = exp(-x.magnitude)                                   // in [0, 1]: never overflows
        return (x < 0 ? e : 1) / (1 + e)                            // NaN: e is NaN
    }

    // MARK: softplus

    /// Softplus log(1 + eˣ), computed stably as max(x, 0) + log1p(e^{−|x|}).
    ///
    /// Algorithm: `exp` of a non-positive argument (never overflows) and the `log1p` kernel (exact reduced
    /// argument, so for very negative x the result is e^{−|x|}·(1 − …) with full relative accuracy).
    ///
    /// Accuracy, measured on every float in [−87.4, 20] with |x| ≥ 1e-12 against Double: max error 1.67 ulp
    /// (at x = −0.75244), max relative error 1.4e-7, wherever the result is ≥ FLT_MIN. For x < −87.33654 the
    /// result **flushes to 0**, like `exp` (true value < FLT_MIN). For x > 87.34 the result is x.
    ///
    /// Special values: softplus(−inf) = 0, softplus(+inf) = +inf, softplus(0) = ln 2, NaN → NaN.
    @inline(__always)
    static func softplus(_ x: Float) -> Float {
        let positivePart: Float = x > 0 ? x : 0                  // NaN → 0; the log1p term carries the NaN
        return positivePart + log1pFinite(exp(-x.magnitude))
    }
}
