import Testing
import Tensors
import Networks
import Flows

/// Each step says what it is (the lines `lgf describe` prints), from the library rather than from the CLI
/// downcasting to concrete types.
struct ArchitectureDescriptionTests {
    @Test func vectorStepsNameTheirPartsAndWidths() throws {
        var g = SplitMix64(seed: 1)
        let maf = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 3, layerCount: 2, hiddenCounts: [5, 6]), using: &g)
        let lines = maf.steps.map(\.architecture)
        #expect(lines.first == "MADE 5×6 (\(maf.steps[0].layer.parameterCount) parameters)", "\(lines)")
        #expect(lines.contains { $0.hasPrefix("permutation [2, 1, 0]") } && lines.contains { $0.hasPrefix("batch norm") }, "\(lines)")
        let lgf = try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 1, hiddenCounts: [4], indexDimension: 1,
                                                            shiftScaleHiddenCounts: [3], indexPriorHiddenCounts: [7], indexPosteriorHiddenCounts: [9]), using: &g)
        let layer = try #require(lgf.steps.first?.architecture)
        #expect(layer.hasPrefix("LGF layer: MADE 4 then conditional affine, s,t MLP 1→3→4; u ∈ ℝ^1; p(u|z) MLP 2→7→2; q(u|x) MLP 2→9→2"), "\(layer)")
    }

    @Test func imageStepsNameTheirResNetsAndShapes() throws {
        var g = SplitMix64(seed: 2)
        let spec = ImageModelSpecification.paper(.realNVP, imageShape: ImageShape(channels: 1, height: 4, width: 4), couplerBlocks: 1, logitLambda: 1e-6)
        var small = spec
        small.couplerHidden = 3
        let flow = try ImageModelBuilder.build(small, using: &g)
        let lines = flow.steps.map(\.architecture)
        #expect(lines[0].hasPrefix("logit pre-transform, λ = 1e-06"))
        #expect(lines[1].hasPrefix("affine coupling (checkerboard), conditioner ResNet 1×3 1×4×4 → 2×4×4"), "\(lines[1])")
        #expect(lines.contains { $0.hasPrefix("squeeze 1×4×4 → 4×2×2") } && lines.contains { $0.hasPrefix("factor out features 8..<16") }, "\(lines)")
    }
}
