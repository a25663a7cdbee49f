import Flows
import Networks
import Datasets

/// The paper's configuration of an image run (Cornish et al. 2020, Table 2 and Appendix D), before a configuration file or flags change it:
/// RealNVP with 8 residual blocks per coupler (the paper's RealNVP(8)), LGF-RealNVP with 4, 64 channels, the logit
/// λ of the dataset, Adam 1e−4, batch 100, K_valid = 10, patience 50.
public enum ImageDefaults {
    /// Residual blocks per coupler ResNet: RealNVP(8) for the baseline, 4 for LGF-RealNVP, as in Table 2.
    public static func couplerBlocks(for kind: ModelKind) -> Int { kind.isLocalised ? 4 : 8 }

    /// How LGF-RealNVP's indexed layers are set up unless a run says otherwise: each starts as the identity with
    /// p(u | z) a copy of q(u | x) and is followed by a batch norm without parameters (`IndexedLayerSetup.informed`).
    /// With the paper's setup the logit-transformed pixels' scale compounds through the ten conditional affine layers
    /// and the model starts two orders of magnitude below RealNVP; with p = q = N(0, I) at the start
    /// (`IndexedLayerSetup.stable`) it starts level but leaves u unused (docs: "An LGF-RealNVP that trains").
    /// `--index-normalization none --index-initialization standard` restores the paper's. The parameter count is the
    /// same in every setup.
    public static let indexedLayers = IndexedLayerSetup.informed

    /// λ of the logit pre-transform for images of `channels` channels from a user's file: 1e−6 for grey images (as
    /// MNIST and Fashion-MNIST), 0.05 for colour (as CIFAR-10).
    public static func logitLambda(channels: Int) -> Double { channels == 1 ? 1e-6 : 0.05 }

    /// The defaults for `kind` on images of `imageShape` with logit λ `logitLambda`.
    /// - Throws: `ExperimentError.unknownModel` when `kind` is not an image model (realnvp or lgf-realnvp).
    public static func configuration(kind: ModelKind, imageShape: ImageShape, logitLambda: Double) throws -> (ImageExperiment, TrainingConfiguration) {
        guard kind == .realNVP || kind == .lgfRealNVP else {
            throw ExperimentError.unknownModel(name: kind.rawValue + " (for images)", known: [ModelKind.realNVP.rawValue, ModelKind.lgfRealNVP.rawValue])
        }
        let specification = ImageModelSpecification.paper(kind, imageShape: imageShape, couplerBlocks: couplerBlocks(for: kind), logitLambda: logitLambda,
                                                          indexedLayers: indexedLayers)
        return (ImageExperiment(specification: specification), ImageExperiment.paperTraining())
    }
}

extension ImageDatasetName {
    /// The shape of one image: 1 × 28 × 28 for MNIST and Fashion-MNIST, 3 × 32 × 32 for CIFAR-10.
    public var imageShape: ImageShape {
        self == .cifar10 ? ImageShape(channels: 3, height: 32, width: 32) : ImageShape(channels: 1, height: 28, width: 28)
    }
}
