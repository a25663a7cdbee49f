import Networks

/// Which features of a coupling layer pass through unchanged (and feed the conditioner) and which are
/// transformed: the "mask" of "mask + conditioner + transform" (Dinh et al., *Real NVP*, ICLR 2017,
/// arXiv:1605.08803, §3.4–3.6).
public enum CouplingPartition: Sendable, Equatable {
    /// Features where `passes[i]` is true pass through. The conditioner sees all D features, x ⊙ m (zeros where
    /// transformed), and gives s and t for all D, used only where m = 0: the checkerboard coupling on images.
    case mask(passes: [Bool])
    /// The contiguous features `identity` pass through and feed the conditioner; it gives s and t for the
    /// contiguous `transformed` features. Together they cover 0..<D: the channel-wise coupling on flattened
    /// images, whose channel halves are contiguous column ranges.
    case halves(identity: Range<Int>, transformed: Range<Int>)

    /// The checkerboard of Real NVP on images of `shape`: pixel (i, j) of every channel passes through when
    /// (i + j) mod 2 == `parity` (alternate the parity between layers).
    public static func checkerboard(_ shape: ImageShape, parity: Int) -> CouplingPartition {
        var passes: [Bool] = []
        passes.reserveCapacity(shape.featureCount)
        for _ in 0..<shape.channels {
            for i in 0..<shape.height {
                for j in 0..<shape.width { passes.append((i + j) % 2 == parity) }
            }
        }
        return .mask(passes: passes)
    }

    /// The channel-wise coupling of Real NVP on images of `shape` (an even number of channels): one half of the
    /// channels passes through and conditions the other; `transformsFirstHalf` alternates which.
    public static func channelHalves(_ shape: ImageShape, transformsFirstHalf: Bool) -> CouplingPartition {
        precondition(shape.channels % 2 == 0, "a channel-wise coupling needs an even number of channels, got \(shape.channels)")
        let half = shape.featureCount / 2
        let first = 0..<half, second = half..<shape.featureCount
        return transformsFirstHalf ? .halves(identity: second, transformed: first) : .halves(identity: first, transformed: second)
    }

    /// Whether this is a `.mask` partition.
    public var isMask: Bool {
        if case .mask = self { return true }
        return false
    }

    /// D, the number of features the partition covers.
    public var featureCount: Int {
        switch self {
        case .mask(let passes): return passes.count
        case let .halves(identity, transformed): return identity.count + transformed.count
        }
    }

    /// The conditioner's input width (before any context) and output width, for a transform with `parameterCount`
    /// outputs per transformed feature (a mask's conditioner gives them for all D features).
    func conditionerWidths(parameterCount: Int) -> (input: Int, output: Int) {
        switch self {
        case .mask(let passes): return (passes.count, parameterCount * passes.count)
        case let .halves(identity, transformed): return (identity.count, parameterCount * transformed.count)
        }
    }

    /// The features the transform changes: all D for a mask (it leaves the others as they are), else `transformed`.
    var transformedCount: Int {
        switch self {
        case .mask(let passes): return passes.count
        case let .halves(_, transformed): return transformed.count
        }
    }

    /// How the features split, for a model's description.
    var summary: String {
        switch self {
        case .mask: return "checkerboard"
        case let .halves(identity, transformed): return "features \(transformed.lowerBound)..<\(transformed.upperBound) given \(identity.lowerBound)..<\(identity.upperBound)"
        }
    }

    /// Real NVP's split of flat vectors: x_a is the first ⌊D/2⌋ features and x_b the rest, or (`transformsSecondHalf`
    /// false) the other way round; alternate between layers.
    public static func flatHalves(featureCount: Int, transformsSecondHalf: Bool) -> CouplingPartition {
        let half = featureCount / 2
        let first = 0..<half, second = half..<featureCount
        return transformsSecondHalf ? .halves(identity: first, transformed: second) : .halves(identity: second, transformed: first)
    }

    /// Whether the two ranges of `.halves` tile 0..<D (a mask always covers every feature).
    var isValid: Bool {
        switch self {
        case .mask(let passes): return !passes.isEmpty
        case let .halves(identity, transformed):
            let ordered = identity.lowerBound < transformed.lowerBound ? (identity, transformed) : (transformed, identity)
            return ordered.0.lowerBound == 0 && ordered.0.upperBound == ordered.1.lowerBound && !identity.isEmpty && !transformed.isEmpty
        }
    }
}
