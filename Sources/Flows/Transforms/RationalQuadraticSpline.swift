import Foundation
import Tensors

/// The monotone rational-quadratic spline of Neural Spline Flows (Durkan et al., *Neural Spline Flows*, NeurIPS 2019,
/// arXiv:1906.04032, §3 and Appendix A) with linear tails: K bins on [−B, B], the identity outside.
///
/// **Parameterisation** (nflows' `unconstrained_rational_quadratic_spline` with `tails="linear"`, whose defaults the
/// minima below are). For each transformed feature the network gives 3K − 1 raw values: unnormalised widths W₀…W_{K−1},
/// heights H₀…H_{K−1} and interior derivatives D₁…D_{K−1}. Laid out by parameter (`ElementwiseTransform`), for n
/// features column k·n + j holds W_k of feature j, column (K + k)·n + j holds H_k, and column (2K + k)·n + j holds
/// D_{k+1}. (nflows lays them out by feature, column j·(3K − 1) + p for parameter p in the same order W, H, D: copying
/// weights into nflows permutes the network's output rows accordingly.) Then
///
///     w = m_w + (1 − K m_w) · softmax(s · W),   x_0 = −B, x_k = −B + 2B · (w_0 + … + w_{k−1}), x_K = B,
///     h = m_h + (1 − K m_h) · softmax(s · H),   y_k likewise from h,
///     d_k = m_d + softplus(D_k) for 0 < k < K,   d_0 = d_K = 1,
///
/// with bin widths x_{k+1} − x_k and heights y_{k+1} − y_k taken from the knots, m_w = m_h = m_d = 10⁻³, and the scale s
/// applied to W and H only (`unnormalizedScale`; nflows' coupling transforms divide them by √(hidden features) of their
/// residual conditioner, its autoregressive transform leaves them as they are, since its MADE has no `hidden_features`
/// attribute). Boundary derivatives of exactly 1 make the spline meet the identity tails with a continuous derivative;
/// nflows reaches them as m_d + softplus(log(e^{1 − m_d} − 1)), the same number up to rounding.
public struct RationalQuadraticSpline: ElementwiseTransform {
    /// The smallest bin width, as a fraction of 2B: 10⁻³, nflows' `DEFAULT_MIN_BIN_WIDTH`, which keeps bins from
    /// collapsing (and the slopes h/w finite).
    public static let minimumBinWidth = 1e-3
    /// The smallest bin height, as a fraction of 2B: 10⁻³, nflows' `DEFAULT_MIN_BIN_HEIGHT`.
    public static let minimumBinHeight = 1e-3
    /// The smallest derivative at an interior knot: 10⁻³, nflows' `DEFAULT_MIN_DERIVATIVE`, which keeps the map
    /// strictly increasing.
    public static let minimumDerivative = 1e-3

    /// K, the number of bins.
    public let binCount: Int
    /// B: the spline covers [−B, B] and is the identity outside.
    public let tailBound: Double
    /// s, which multiplies the unnormalised widths and heights before their softmax.
    public let unnormalizedScale: Double

    /// - Precondition: 1 ≤ K < 1000 (so that K minimum widths fit in the interval), B > 0 finite, s > 0 finite.
    public init(binCount: Int, tailBound: Double, unnormalizedScale: Double = 1) {
        require(binCount >= 1 && Double(binCount) * Self.minimumBinWidth < 1,
                "RationalQuadraticSpline: needs 1 ≤ K < \(Int(1 / Self.minimumBinWidth)) bins, got \(binCount)")
        require(tailBound > 0 && tailBound.isFinite, "RationalQuadraticSpline: the tail bound must be positive and finite, got \(tailBound)")
        require(unnormalizedScale > 0 && unnormalizedScale.isFinite, "RationalQuadraticSpline: the scale must be positive and finite, got \(unnormalizedScale)")
        self.binCount = binCount
        self.tailBound = tailBound
        self.unnormalizedScale = unnormalizedScale
    }

    /// The knots, bin sizes and knot derivatives of a batch of splines, one spline per row and feature, along axis 1.
    public struct Parameters {
        /// x_0…x_K, `[batch, K + 1, n]`.
        public var knotsX: Tensor
        /// y_0…y_K, `[batch, K + 1, n]`.
        public var knotsY: Tensor
        /// x_{k+1} − x_k, `[batch, K, n]`.
        public var widths: Tensor
        /// y_{k+1} − y_k, `[batch, K, n]`.
        public var heights: Tensor
        /// d_0…d_K, `[batch, K + 1, n]`.
        public var derivatives: Tensor
    }

    /// 3K − 1.
    public var parameterCount: Int { 3 * binCount - 1 }

    /// Equal unnormalised widths and heights (bins of 2B/K on both axes, so every slope h/w is 1) and interior
    /// derivatives log(e^{1 − m_d} − 1), which make every d_k = m_d + softplus(·) one: with s_k = d_k = d_{k+1} = 1 the
    /// rational-quadratic map of each bin reduces to the straight line y = x (Durkan et al. 2019, §3).
    public var identityRawParameters: [Double] {
        Array(repeating: 0, count: 2 * binCount) + Array(repeating: Foundation.log(Foundation.expm1(1 - Self.minimumDerivative)), count: binCount - 1)
    }

    public var architecture: String { "rational-quadratic spline (\(binCount) bins on [−\(tailBound), \(tailBound)])" }

    public func parameters(from raw: Tensor, featureCount n: Int) -> Parameters {
        let k = binCount, batch = raw.shape[0]
        let grouped = raw.reshaped(to: [batch, parameterCount, n])
        let (knotsX, widths) = knots(grouped.slicing(alongAxis: 1, 0..<k), minimum: Self.minimumBinWidth)
        let (knotsY, heights) = knots(grouped.slicing(alongAxis: 1, k..<(2 * k)), minimum: Self.minimumBinHeight)
        let boundary = Tensor(repeating: 1, shape: [batch, 1, n], dtype: raw.dtype)
        var derivatives = [boundary]
        if k > 1 { derivatives.append(grouped.slicing(alongAxis: 1, (2 * k)..<(3 * k - 1)).softplus() + Self.minimumDerivative) }
        derivatives.append(boundary)
        return Parameters(knotsX: knotsX, knotsY: knotsY, widths: widths, heights: heights,
                          derivatives: Tensor.concatenating(derivatives, alongAxis: 1))
    }

    /// Knots −B = z_0 < … < z_K = B from unnormalised sizes `[batch, K, n]` (each at least `minimum` · 2B apart), and
    /// the sizes z_{k+1} − z_k read back from them so that they add up to 2B exactly.
    private func knots(_ unnormalized: Tensor, minimum: Double) -> (knots: Tensor, sizes: Tensor) {
        let k = binCount, shape = unnormalized.shape
        let scaled = unnormalizedScale == 1 ? unnormalized : unnormalized * unnormalizedScale
        let fractions = scaled.softmax(alongAxis: 1) * (1 - minimum * Double(k)) + minimum
        let ends: Shape = [shape[0], 1, shape[2]]
        var parts = [Tensor(repeating: -tailBound, shape: ends, dtype: unnormalized.dtype)]
        if k > 1 { parts.append(fractions.cumulativeSum(alongAxis: 1).slicing(alongAxis: 1, 0..<(k - 1)) * (2 * tailBound) - tailBound) }
        parts.append(Tensor(repeating: tailBound, shape: ends, dtype: unnormalized.dtype))
        let knots = Tensor.concatenating(parts, alongAxis: 1)
        return (knots, knots.slicing(alongAxis: 1, 1..<(k + 1)) - knots.slicing(alongAxis: 1, 0..<k))
    }
}
