import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// Conditional densities p(x | c) of every vector family: contexts validated at the entry, a context the weights
/// ignore giving the unconditional model exactly, and every row of a batch taking its own context.
struct ConditionalFlowDensityTests {
    static let context = ContextSpecification(dimension: 3)

    /// One small specification of each vector family with a context of 3 features (the LGF ones also with (s, t) of c,
    /// or with an embedding network).
    static let specifications: [ModelSpecification] = {
        let small = (layers: 2, hidden: [8, 8], index: [6])
        func spec(_ kind: ModelKind, spline: SplineSpecification? = nil, variant: IndexedLayerVariant = .conditionalAffine,
                  context: ContextSpecification = context) -> ModelSpecification {
            ModelSpecification(kind: kind, dimension: 3, layerCount: small.layers, hiddenCounts: small.hidden, indexDimension: 2, shiftScaleHiddenCounts: small.index,
                               indexPriorHiddenCounts: small.index, indexPosteriorHiddenCounts: small.index, variant: variant, spline: spline, context: context)
        }
        let spline = SplineSpecification(binCount: 4, tailBound: 3)
        let embedded = ContextSpecification(dimension: 3, embedding: ContextEmbeddingSpecification(hiddenCounts: [5], outputCount: 4))
        return [spec(.maf), spec(.maf, spline: spline), spec(.realNVP), spec(.realNVP, spline: spline), spec(.maf, context: embedded),
                spec(.lgfMAF), spec(.lgfMAF, context: ContextSpecification(dimension: 3, shiftScaleSeesContext: true)), spec(.lgfMAF, spline: spline),
                spec(.lgfMAF, variant: .affineOnly), spec(.lgfRealNVP), spec(.lgfRealNVP, variant: .indexedCoupler),
                spec(.lgfRealNVP, spline: spline, variant: .indexedCoupler, context: embedded)]
    }()

    static func build(_ specification: ModelSpecification, seed: UInt64) throws -> FlowDensity {
        var g = SplitMix64(seed: seed)
        let model = try ModelBuilder.build(specification, using: &g)
        model.convert(to: .float64)
        return model
    }

    /// Copies `unconditional`'s weights into `conditional` and zeroes every weight that reads the context: the columns
    /// after a network's own inputs (couplers, (s, t), p and q see [input, u, c]) and each MADE's context layer. The
    /// embedding keeps its random weights, since nothing reads its output any more.
    static func ignoreContext(in conditional: FlowDensity, copying unconditional: FlowDensity) {
        let source = Dictionary(uniqueKeysWithValues: unconditional.namedState.map { ($0.name, $0.tensor.value) })
        for (name, tensor) in conditional.namedState {
            let value = tensor.value
            if let plain = source[name] {
                guard plain.shape != value.shape else { tensor.assign(plain); continue }
                let extra = value.shape[1] - plain.shape[1]
                tensor.assign(Tensor.concatenatingColumns([plain, Tensor(zeros: [value.shape[0], extra], dtype: value.dtype)]))
            } else if !name.hasPrefix("contextEmbedding") {
                tensor.assign(Tensor(zeros: value.shape, dtype: value.dtype))
            }
        }
    }

    @Test(arguments: specifications)
    func ignoringTheContextGivesTheUnconditionalModel(_ specification: ModelSpecification) throws {
        var plainSpecification = specification
        plainSpecification.context = nil
        let conditional = try Self.build(specification, seed: 1), plain = try Self.build(plainSpecification, seed: 2)
        let x = randomDoubles([6, 3], seed: 3), c = randomDoubles([6, 3], seed: 4) * 3
        // With its own random weights the context moves the density…
        var a = SplitMix64(seed: 5), b = SplitMix64(seed: 5)
        let moved = try conditional.elbo(x, context: c, using: &a).doubles
        let other = try conditional.elbo(x, context: c * -1, using: &b).doubles
        #expect(zip(moved, other).allSatisfy { abs($0 - $1) > 1e-9 }, "\(specification.modelName): \(moved) vs \(other)")
        // …and with every weight from c set to zero it is the unconditional model, draw for draw.
        Self.ignoreContext(in: conditional, copying: plain)
        var d1 = SplitMix64(seed: 6), d2 = SplitMix64(seed: 6)
        let ignoring = try conditional.elbo(x, context: c, drawCount: 3, using: &d1).doubles
        let unconditional = try plain.elbo(x, drawCount: 3, using: &d2).doubles
        #expect(isApproximatelyEqual(ignoring, unconditional, tolerance: 1e-12), "\(specification.modelName) \(specification.variant)")
        var s1 = SplitMix64(seed: 7), s2 = SplitMix64(seed: 7)
        let drawn = try conditional.sample(count: 5, context: c.gatheringRows(0..<1), generator: &s1)
        #expect(maximumAbsoluteDifference(drawn, try plain.sample(count: 5, generator: &s2)) < 1e-10)
        #expect(conditional.parameterCount > plain.parameterCount)
    }

    @Test func contextsAreValidatedAtTheEntry() throws {
        let model = try Self.build(Self.specifications[0], seed: 8)
        let x = randomDoubles([4, 3], seed: 9)
        var g = SplitMix64(seed: 10)
        #expect(throws: DensityError.contextRequired(expectedFeatures: 3)) { try model.logProb(x) }
        #expect(throws: DensityError.contextRequired(expectedFeatures: 3)) { try model.sample(count: 2, generator: &g) }
        #expect(throws: DensityError.contextShapeMismatch(expected: [4, 3], actual: [4, 2])) { try model.logProb(x, context: Tensor(zeros: [4, 2])) }
        #expect(throws: DensityError.contextShapeMismatch(expected: [4, 3], actual: [3, 3])) { try model.elbo(x, context: Tensor(zeros: [3, 3]), using: &g) }
        #expect(throws: DensityError.contextShapeMismatch(expected: [5, 3], actual: [2, 3])) {
            try model.sample(count: 5, context: Tensor(zeros: [2, 3]), generator: &g)
        }
        var bad = Array(repeating: 0.0, count: 12)
        bad[7] = .infinity
        #expect(throws: DensityError.nonFiniteContext(row: 2, column: 1)) { try model.logLikelihood(x, context: Tensor(shape: [4, 3], doubles: bad), importanceSamples: 2, using: &g) }
        let plain = try Self.build(ModelSpecification(kind: .maf, dimension: 3, layerCount: 1, hiddenCounts: [4]), seed: 11)
        #expect(throws: DensityError.unexpectedContext(actual: [4, 3])) { try plain.logProb(x, context: x) }
        #expect(throws: DensityError.unexpectedContext(actual: [3])) { try plain.sample(count: 2, context: Tensor(zeros: [3]), generator: &g) }
        #expect(DensityError.contextShapeMismatch(expected: [4, 3], actual: [4, 2]).description.contains("[4, 3]"))
        #expect(DensityError.nonFiniteContext(row: 2, column: 1).description.contains("row 3, column 2"))
    }

    /// Draws given one c follow the model's own density given that c: their mean is the mean of p(x | c) by quadrature
    /// on a grid (which integrates to 1), for two contexts that move it apart.
    @Test func samplesFollowTheDensityGivenTheirContext() throws {
        var g = SplitMix64(seed: 15)
        let model = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 2, layerCount: 2, hiddenCounts: [16, 16], context: ContextSpecification(dimension: 2)),
                                           using: &g)
        model.convert(to: .float64)
        model.setMode(.evaluation)
        let step = 0.08, range = stride(from: -8.0 + step / 2, to: 8.0, by: step).map { $0 }
        let grid = range.flatMap { a in range.flatMap { b in [a, b] } }, n = range.count * range.count
        var means: [[Double]] = []
        for c in [[2.0, -1.0], [-1.5, 0.5]] {
            let logDensity = try model.logProb(Tensor(shape: [n, 2], doubles: grid), context: Tensor(shape: [n, 2], doubles: (0..<n).flatMap { _ in c })).doubles
            var mass = 0.0, first = 0.0, second = 0.0
            for i in 0..<n {
                let p = Foundation.exp(logDensity[i]) * step * step
                mass += p
                first += p * grid[2 * i]
                second += p * grid[2 * i + 1]
            }
            var draws = SplitMix64(seed: 16)
            let x = try model.sample(count: 20_000, context: Tensor(shape: [1, 2], doubles: c), generator: &draws).doubles
            let sampleMean = (0..<2).map { j in stride(from: j, to: x.count, by: 2).reduce(0) { $0 + x[$1] } / 20_000 }
            // The draws' standard error is about 0.01 for a density of unit scale; 0.03 is three of them.
            #expect(abs(mass - 1) < 1e-3, "mass \(mass) given \(c)")
            #expect(isApproximatelyEqual(sampleMean, [first / mass, second / mass], tolerance: 0.03), "given \(c): draws \(sampleMean), density \([first / mass, second / mass])")
            means.append(sampleMean)
        }
        #expect(abs(means[0][0] - means[1][0]) + abs(means[0][1] - means[1][1]) > 0.1, "the context barely moves the density: \(means)")
    }

    /// Each row of a batch is evaluated with its own context: the batch's log-densities are the rows' one at a time.
    @Test(arguments: [0, 1, 2, 4])
    func everyRowTakesItsOwnContext(_ index: Int) throws {
        let model = try Self.build(Self.specifications[index], seed: 12)
        model.setMode(.evaluation)  // batch norm with fixed statistics, so that a row's value does not depend on the batch
        let x = randomDoubles([5, 3], seed: 13), c = randomDoubles([5, 3], seed: 14)
        let batch = try model.logProb(x, context: c).doubles
        for row in 0..<5 {
            let single = try model.logProb(x.gatheringRows(row..<(row + 1)), context: c.gatheringRows(row..<(row + 1))).doubles[0]
            #expect(abs(single - batch[row]) < 1e-10)
        }
        #expect(Set(batch.map { ($0 * 1e6).rounded() }).count == 5)
    }
}
