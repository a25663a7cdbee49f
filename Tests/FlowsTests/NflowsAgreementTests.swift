import Testing
import Tensors
import Flows

/// Our neural spline flows give nflows' log-densities for the same weights, in float64, without Python: golden values
/// that nflows 0.14 (torch 2.15, float64) computed once for the seeded weights below.
///
/// How they were produced (`benchmarks/compare-splines.sh` runs the same comparison on larger flows and fresh seeds):
///
///     lgf bench spline-reference --model nsf --dimension 3 --layers 2 --hidden 5,5 --bins 4 --tail-bound 2 --seed 7 --output a.safetensors
///     lgf bench spline-reference --model nsf-coupling --dimension 3 --layers 2 --hidden 5 --bins 3 --tail-bound 2 --seed 8 --output b.safetensors
///     python benchmarks/compare-splines.py log-density a.safetensors --rows "0,0,0;0.3,-1.2,1.7;…"   (the rows below)
///
/// The script copies the file's weights into nflows' `MaskedPiecewiseRationalQuadraticAutoregressiveTransform` steps
/// (with `ReversePermutation` between them) or `PiecewiseRationalQuadraticCouplingTransform` steps and evaluates
/// `Flow.log_prob`. `lgf bench spline-reference` builds the flow with `ModelBuilder` from `SplitMix64(seed:)` exactly as
/// this test does, so a change to the initialisation or the builder's order of draws changes the weights and these
/// values must be produced again; a change to the spline or the flows' arithmetic makes the test fail.
struct NflowsAgreementTests {
    /// Inside [−B, B], on ±B, a hair inside B and above 0, and in the linear tails.
    static let rows: [[Double]] = [
        [0, 0, 0], [0.3, -1.2, 1.7], [-2, 2, 0.5], [2, -2, -2], [1.999, -0.001, 1e-9], [2.5, 0.1, -3], [-4, -2.2, 2.01], [-0.7, 0.4, -1.5],
    ]

    static let autoregressive = ModelSpecification(kind: .maf, dimension: 3, layerCount: 2, hiddenCounts: [5, 5],
                                                   spline: SplineSpecification(binCount: 4, tailBound: 2))
    static let autoregressiveLogDensity = [
        -5.1291609408585312, -5.1856989453010858, -7.3860041676828363, -8.7568155996140185,
        -6.104512960473639, -10.766926332173878, -15.196865599614018, -5.3320694766781811,
    ]

    static let coupling = ModelSpecification(kind: .realNVP, dimension: 3, layerCount: 2, hiddenCounts: [5],
                                             spline: SplineSpecification(binCount: 3, tailBound: 2))
    static let couplingLogDensity = [
        -2.4513901412244357, -7.6883945705552676, -7.6899415418038473, -8.7568155996140185,
        -6.5030150689289306, -11.774545049187923, -15.196865599614018, -6.8007711303488865,
    ]

    @Test(arguments: [(autoregressive, UInt64(7), autoregressiveLogDensity), (coupling, UInt64(8), couplingLogDensity)])
    func logDensitiesAreNflows(specification: ModelSpecification, seed: UInt64, expected: [Double]) throws {
        var generator = SplitMix64(seed: seed)
        let flow = try ModelBuilder.build(specification, using: &generator)
        flow.setMode(.evaluation)
        flow.convert(to: .float64)
        let x = Tensor(shape: [Self.rows.count, 3], doubles: Self.rows.flatMap { $0 })
        let ours = try withoutGradientRecording { try flow.logProb(x) }.doubles
        for (point, (value, reference)) in zip(ours, expected).enumerated() {
            #expect(abs(value - reference) < 1e-9, "\(specification.modelName), row \(point): ours \(value), nflows \(reference)")
        }
    }

    /// nflows counts the same parameters: MADE 3 → 5 → 5 → 3 · 11 twice, and a coupler 1 → 5 → 2 · 8 and 2 → 5 → 1 · 8.
    @Test func parameterCountsAreNflows() throws {
        var generator = SplitMix64(seed: 0)
        #expect(try ModelBuilder.build(Self.autoregressive, using: &generator).parameterCount == 496)
        #expect(try ModelBuilder.build(Self.coupling, using: &generator).parameterCount == 169)
    }
}
