import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The paper's image models (Table 2) as built: parameter counts against a PyTorch build of the authors' layout (which
/// reproduces all six of the paper's rounded figures), and a forward pass on real-sized pixels.
struct ImageModelTests {
    static let fashion = ImageShape(channels: 1, height: 28, width: 28)
    static let cifar = ImageShape(channels: 3, height: 32, width: 32)

    struct Count: CustomTestStringConvertible, Sendable {
        let label: String, kind: ModelKind, blocks: Int, shape: ImageShape, parameters: Int
        var testDescription: String { label }
    }

    static let counts: [Count] = [
        Count(label: "Fashion-MNIST RealNVP(4)", kind: .realNVP, blocks: 4, shape: fashion, parameters: 2_985_220),
        Count(label: "Fashion-MNIST RealNVP(8)", kind: .realNVP, blocks: 8, shape: fashion, parameters: 5_944_580),
        Count(label: "Fashion-MNIST LGF-RealNVP(4)", kind: .lgfRealNVP, blocks: 4, shape: fashion, parameters: 5_988_752),
        Count(label: "CIFAR-10 RealNVP(4)", kind: .realNVP, blocks: 4, shape: cifar, parameters: 3_045_900),
        Count(label: "CIFAR-10 RealNVP(8)", kind: .realNVP, blocks: 8, shape: cifar, parameters: 6_005_260),
        Count(label: "CIFAR-10 LGF-RealNVP(4)", kind: .lgfRealNVP, blocks: 4, shape: cifar, parameters: 6_066_736),
    ]

    @Test(arguments: counts)
    func parameterCountsMatchThePaper(_ count: Count) throws {
        var g = SplitMix64(seed: 1)
        let model = try ImageModelBuilder.build(.paper(count.kind, imageShape: count.shape, couplerBlocks: count.blocks, logitLambda: 1e-6), using: &g)
        #expect(model.parameterCount == count.parameters)
        #expect(model.eventShape == [count.shape.channels, count.shape.height, count.shape.width])
    }

    @Test(arguments: [ModelKind.realNVP, .lgfRealNVP])
    func aSmallImageModelTrainsOneStepWithFiniteGradients(kind: ModelKind) throws {
        var g = SplitMix64(seed: 2)
        let specification = ImageModelSpecification(kind: kind, imageShape: ImageShape(channels: 1, height: 8, width: 8), couplerBlocks: 1,
                                                    couplerHidden: 4, indexBlocks: 1, indexHidden: 4, shiftScaleBlocks: 1, shiftScaleHidden: 2)
        let model = try ImageModelBuilder.build(specification, using: &g)
        let x = Tensor.randomUniform(shape: [6, 1, 8, 8], in: 0..<256, using: &g)
        let objective = try model.elbo(x, using: &g).mean()
        let gradients = (-objective).gradients(withRespectTo: model.parameters.map(\.value))
        #expect(objective.isFinite)
        #expect(gradients.allSatisfy { $0.isFinite })
        #expect(gradients.contains { $0.doubles.contains { $0 != 0 } })
        var samples = SplitMix64(seed: 3)
        model.setMode(.evaluation)
        #expect(try model.sample(count: 3, generator: &samples).shape == [3, 1, 8, 8])
    }

    @Test func anOddImageIsRefusedBeforeAnythingIsBuilt() {
        var g = SplitMix64(seed: 4)
        #expect(throws: FlowConfigurationError.self) {
            try ImageModelBuilder.build(ImageModelSpecification(kind: .realNVP, imageShape: ImageShape(channels: 1, height: 7, width: 8)), using: &g)
        }
        #expect(throws: FlowConfigurationError.self) {
            try ImageModelBuilder.build(ImageModelSpecification(kind: .maf, imageShape: ImageShape(channels: 1, height: 8, width: 8)), using: &g)
        }
    }
}
