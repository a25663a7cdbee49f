import Tensors
import Networks

/// An affine coupling layer for flat vectors (Dinh et al., *Density estimation using Real NVP*,
/// ICLR 2017, arXiv:1605.08803, Eq. 6–7): the features split into an identity part x_a and a transformed
/// part x_b, and
///
///     z_a = x_a,   z_b = x_b ⊙ exp(s) + t,   (t, s) = coupler([x_a, context]),   log|det| = Σ s.
///
/// The coupler is one tanh `MLP` whose output halves are the shift t and the log-scale s. When built with
/// a `contextCount`, the coupler also sees the context (the LGF variant of Appendix C in which u enters the
/// coupler instead of a separate affine layer).
public final class AffineCouplingBijection: Bijection {
    public var architecture: String { "affine coupling on features \(transformedFeatures), coupler \(coupler.architecture)\(contextCount > 0 ? " (sees u)" : "")" }
    public let identityFeatures: [Int]
    public let transformedFeatures: [Int]
    public let coupler: MLP
    public let contextCount: Int
    public let logScaleBound: LogScaleBound?
    private let mergeOrder: [Int]
    public var sublayers: [any Layer] { [coupler] }
    public var sublayerNames: [String] { ["coupler"] }

    /// - Parameters:
    ///   - featureCount: D ≥ 2.
    ///   - transformsSecondHalf: whether x_b is the second half (features ⌊D/2⌋…D−1) or the first;
    ///     alternate it between layers.
    ///   - hiddenCounts: the coupler's hidden widths.
    ///   - contextCount: width of the context the coupler also sees (0 for none).
    public init(featureCount: Int, transformsSecondHalf: Bool, hiddenCounts: [Int], contextCount: Int = 0,
                logScaleBound: LogScaleBound? = nil, activation: Activation = .tanh, using generator: inout some RandomNumberGenerator) {
        require(featureCount >= 2, "AffineCouplingBijection: needs at least 2 features, got \(featureCount)")
        let half = featureCount / 2
        let first = Array(0..<half), second = Array(half..<featureCount)
        identityFeatures = transformsSecondHalf ? first : second
        transformedFeatures = transformsSecondHalf ? second : first
        coupler = MLP(inputCount: identityFeatures.count + contextCount, hiddenCounts: hiddenCounts,
                      outputCount: 2 * transformedFeatures.count, activation: activation, using: &generator)
        self.contextCount = contextCount
        self.logScaleBound = logScaleBound
        var order = [Int](repeating: 0, count: featureCount)
        for (position, feature) in (identityFeatures + transformedFeatures).enumerated() { order[feature] = position }
        mergeOrder = order
    }

    /// (t, s) from the identity part and the context.
    private func shiftAndLogScale(_ identity: Tensor, context: Tensor?) -> (shift: Tensor, logScale: Tensor) {
        require((context?.shape.lastExtent ?? 0) == contextCount, "AffineCouplingBijection: context of width \(context?.shape.lastExtent ?? 0), expected \(contextCount)")
        let input = context.map { Tensor.concatenatingColumns([identity, $0]) } ?? identity
        let output = coupler(input)
        let count = transformedFeatures.count
        let logScale = output.slicingColumns(count..<(2 * count))
        return (output.slicingColumns(0..<count), logScaleBound.map { $0(logScale) } ?? logScale)
    }

    public func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        let identity = x.gatheringColumns(identityFeatures), transformed = x.gatheringColumns(transformedFeatures)
        let (shift, logScale) = shiftAndLogScale(identity, context: context)
        let z = Tensor.concatenatingColumns([identity, transformed * logScale.exp() + shift]).gatheringColumns(mergeOrder)
        return (z, logScale.sum(alongAxis: 1))
    }

    public func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        let identity = z.gatheringColumns(identityFeatures), transformed = z.gatheringColumns(transformedFeatures)
        let (shift, logScale) = shiftAndLogScale(identity, context: context)
        let x = Tensor.concatenatingColumns([identity, (transformed - shift) * (-logScale).exp()]).gatheringColumns(mergeOrder)
        return (x, -logScale.sum(alongAxis: 1))
    }
}
