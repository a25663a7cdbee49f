import Foundation
import Flows
import Datasets

/// What a configuration would cost, estimated from its sizes alone (nothing is built), in `Double` so
/// absurd sizes such as a width of 2⁶³ − 1 cannot overflow.
public struct ResourceEstimate: Sendable, Equatable {
    /// Trainable scalars: Σ over every network of (inputs + 1) × outputs per linear layer, plus batch norm; a spline
    /// step's network gives 3K − 1 raw parameters per transformed feature where an affine one gives 2.
    /// Exact for MAF, LGF-MAF, NSF and LGF-NSF; for couplings an upper bound (the coupler is sized for the larger half).
    public var parameters: Double
    /// Bytes of one training step: parameters, gradients, Adam's two moments and the roll-back snapshot
    /// (7 copies), and per row of the batch (× ELBO draws) about four floats (value, gradient and
    /// intermediates) per unit of every network, plus for spline steps the spline's own intermediates: about twelve
    /// tensors of K + 1 knots and thirty of one value per transformed feature (softmax, cumulative sums, gathers).
    public var trainingBytes: Double

    public init(_ configuration: ExperimentConfiguration) {
        if let image = configuration.image {
            (parameters, trainingBytes) = Self.cost(of: image, training: configuration.training)
            return
        }
        let s = configuration.model, t = configuration.training
        let d = Double(s.dimension), u = Double(s.indexDimension)
        func network(_ inputs: Double, _ hidden: [Int], _ outputs: Double) -> (parameters: Double, units: Double) {
            let widths = [inputs] + hidden.map(Double.init) + [outputs]
            let parameters = zip(widths, widths.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
            return (parameters, widths.dropFirst().reduce(0, +))
        }
        let larger = (d / 2).rounded(.up)
        // Raw outputs per transformed feature, and the spline intermediates per transformed feature and row.
        let perFeature = s.spline.map { Double(3 * $0.binCount - 1) } ?? 2
        let splineUnits = s.spline.map { 12 * Double($0.binCount + 1) + 30 } ?? 0
        var perLayer: [(parameters: Double, units: Double)] = []
        let needsBase = !(s.kind.isLocalised && s.variant == .affineOnly) && !(s.kind == .lgfRealNVP && s.variant == .indexedCoupler)
        if needsBase {
            switch s.kind {
            case .maf, .lgfMAF: perLayer.append(network(d, s.hiddenCounts, perFeature * d))
            case .realNVP, .lgfRealNVP: perLayer.append(network(larger, s.hiddenCounts, perFeature * larger))
            }
        }
        if s.kind.isLocalised {
            perLayer.append(network(d, s.indexPosteriorHiddenCounts, 2 * u))
            perLayer.append(network(d, s.indexPriorHiddenCounts, 2 * u))
            if s.variant == .indexedCoupler {
                perLayer.append(network(larger + u, s.hiddenCounts, perFeature * larger))
            } else {
                perLayer.append(network(u, s.shiftScaleHiddenCounts, 2 * d))
            }
        } else if s.usesBatchNorm {
            perLayer.append((2 * d, d))
        }
        let layers = Double(s.layerCount)
        parameters = layers * perLayer.reduce(0) { $0 + $1.parameters }
        let splineFeatures = !needsBase && s.variant != .indexedCoupler ? 0 : s.kind == .maf || s.kind == .lgfMAF ? d : larger
        let units = layers * (perLayer.reduce(0) { $0 + $1.units } + 4 * d + splineUnits * splineFeatures)
        let rows = Double(t.batchSize) * (s.kind.isLocalised ? Double(t.trainDrawCount) : 1)
        let floatBytes = Double(MemoryLayout<Float>.size)
        trainingBytes = 7 * floatBytes * parameters + 4 * floatBytes * rows * units
    }
}

/// The most memory a run may plan for; checked before a model is built, so absurd settings are refused
/// with the estimate instead of failing after gigabytes (or overflowing). The default, 8 GiB, is a
/// third of the reference machine's memory and 25× what the paper's largest configuration needs.
public struct ResourceLimits: Sendable, Equatable {
    /// Bytes.
    public var maximumBytes: Double

    public init(maximumBytes: Double) { self.maximumBytes = maximumBytes }

    /// 8 GiB.
    public static let standard = ResourceLimits(maximumBytes: 8 * 1_073_741_824)
    /// The CLI flag that raises the limit (in GiB).
    public static let overrideFlag = "--memory-limit"

    /// The same limit for decoding input files (image headers, gzip streams), checked before they allocate.
    public var decoding: DecodingLimit { DecodingLimit(bytes: maximumBytes >= Double(Int.max / 2) ? Int.max / 2 : Int(maximumBytes)) }

    /// - Throws: `ExperimentError.exceedsResourceLimit` with the estimate.
    public func check(_ configuration: ExperimentConfiguration) throws {
        let estimate = ResourceEstimate(configuration)
        guard estimate.trainingBytes <= maximumBytes else {
            throw ExperimentError.exceedsResourceLimit(
                what: "\(configuration.model.modelName) with \(ResourceLimits.count(estimate.parameters)) parameters",
                estimate: "\(ResourceLimits.gibibytes(estimate.trainingBytes)) for a training step (batch \(configuration.training.batchSize))",
                limit: ResourceLimits.gibibytes(maximumBytes), override: "\(ResourceLimits.overrideFlag) <GiB>")
        }
    }

    /// The bytes each drawn value takes until it is written: a `Float` in the model's tensor, a `Double` in the table
    /// (twice, while the table is assembled) and up to 25 characters of CSV text (Swift's shortest round-trip spelling
    /// of a `Double` with its separator).
    public static let bytesPerSampledValue = 48.0

    /// Checks, before anything is drawn, that `count` samples of `valuesEach` numbers (an image's pixels, or a
    /// vector's columns with its context's) fit under the limit; `count` is a `Double` so that counts whose product
    /// overflows `Int` are refused as well.
    /// - Parameter what: the drawing, for the message, e.g. "drawing 9223372036854775807 samples of dimension 2".
    /// - Throws: `ExperimentError.exceedsResourceLimit` with the estimate.
    public func checkSamples(count: Double, valuesEach: Int, what: String) throws {
        let bytes = count * Double(valuesEach) * Self.bytesPerSampledValue
        guard bytes <= maximumBytes else {
            throw ExperimentError.exceedsResourceLimit(
                what: what, estimate: "\(ResourceLimits.gibibytes(bytes)) to hold them until they are written",
                limit: ResourceLimits.gibibytes(maximumBytes), override: "\(ResourceLimits.overrideFlag) <GiB>")
        }
    }

    static func gibibytes(_ bytes: Double) -> String {
        let value = bytes / 1_073_741_824
        return value < 1e6 ? String(format: "%.2f GiB", value) : String(format: "%.2e GiB", value)
    }

    static func count(_ value: Double) -> String { value < 1e9 ? String(Int(value)) : String(format: "%.2e", value) }
}
