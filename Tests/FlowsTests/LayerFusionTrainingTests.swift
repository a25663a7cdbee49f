import Testing
import Flows
import Networks
import Tensors
import TestSupport

/// A seeded training run of the paper's Figure-1 models (two rectangles: MAF of 10 MADEs [50]×4; LGF-MAF of 5 MADEs
/// [10, 10] with s, t [10, 10] and p, q [50]×4, trained with K_train = 10 draws of u) gives the same objective, step by
/// step, on the fused networks (`Tensor.layerChain`) as on the composed layers: only the order of the sums differs,
/// so the two agree to float rounding.
struct LayerFusionTrainingTests {
    static func losses(_ specification: ModelSpecification, drawCount: Int, fusion: LayerFusion) throws -> [Double] {
        try LayerFusion.with(fusion) {
            var generator = SplitMix64(seed: 9)
            let density = try ModelBuilder.build(specification, using: &generator)
            density.setMode(.training)
            let optimizer = Adam(parameters: density.parameters, learningRate: 1e-3)
            let rows = Tensor.randomUniform(shape: [200, 2], in: -1..<1, using: &generator)
            return try (0..<8).map { _ in
                let (loss, gradients) = try { () throws -> (Double, [Tensor]) in
                    let objective = -(try density.elbo(rows, drawCount: drawCount, using: &generator).mean())
                    return (objective.item, objective.gradients(withRespectTo: optimizer.parameters.map(\.value)))
                }()
                optimizer.update(with: gradients)
                return loss
            }
        }
    }

    @Test(arguments: [ModelKind.maf, .lgfMAF])
    func theObjectiveIsTheComposedPathsToFloatRounding(kind: ModelKind) throws {
        let specification = kind == .maf
            ? ModelSpecification(kind: .maf, dimension: 2, layerCount: 10, hiddenCounts: [50, 50, 50, 50])
            : ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 5, hiddenCounts: [10, 10])
        let drawCount = kind == .maf ? 1 : 10
        let fused = try Self.losses(specification, drawCount: drawCount, fusion: .automatic)
        let composed = try Self.losses(specification, drawCount: drawCount, fusion: .off)
        #expect(fused.count == 8 && fused.allSatisfy(\.isFinite))
        #expect(isApproximatelyEqual(fused, composed, tolerance: 1e-4, relative: 1e-4), "fused \(fused), composed \(composed)")
        // The run learns: the objective falls over the eight steps.
        #expect(fused.last! < fused.first!)
    }
}
