/// The rational-quadratic splines of a neural spline flow's steps (Durkan et al., *Neural Spline Flows*, NeurIPS
/// 2019, arXiv:1906.04032, §3): K bins on [−B, B], the identity outside. Codable, as part of a `ModelSpecification`.
public struct SplineSpecification: Sendable, Codable, Equatable {
    /// K: 8 in the `cif` code's tabular and 2-D `nsf-ar` configurations, 4 for MINIBOONE.
    public var binCount: Int
    /// B: 3 in the `cif` code's configurations.
    public var tailBound: Double

    public init(binCount: Int = 8, tailBound: Double = 3) {
        self.binCount = binCount
        self.tailBound = tailBound
    }

    /// The transform every step uses. The unnormalised widths and heights are not rescaled (s = 1), as nflows leaves
    /// them for its MADE and for conditioners without a `hidden_features` attribute (see `RationalQuadraticSpline`).
    public var transform: RationalQuadraticSpline { RationalQuadraticSpline(binCount: binCount, tailBound: tailBound) }
}
