import Networks

/// A multiscale RealNVP or LGF-RealNVP for images (Cornish et al. 2020, Table 2 and Appendix D): the network
/// sizes and the image it models. Codable, so a run folder and a checkpoint can record what was built.
///
/// Flow on a C × H × W image after dequantisation: logit pre-transform → 3 checkerboard couplings → squeeze →
/// 3 channel-wise couplings → factor out half the channels → 4 checkerboard couplings → N(0, I). After every
/// coupling the baseline puts batch norm over every feature, the LGF a conditional affine layer with u of 1 × H × W.
public struct ImageModelSpecification: Sendable, Codable, Equatable {
    /// `.realNVP` or `.lgfRealNVP`.
    public var kind: ModelKind
    /// C × H × W of one image (even H and W).
    public var imageShape: ImageShape
    /// Residual blocks of each coupler ResNet: 8 for RealNVP(8), 4 for RealNVP(4) and LGF-RealNVP(4).
    public var couplerBlocks: Int
    /// Channels inside each coupler ResNet (64 in the paper).
    public var couplerHidden: Int
    /// Residual blocks and channels of the LGF's p(u | z) and q(u | x) ResNets (2 × 64 in the paper).
    public var indexBlocks: Int
    public var indexHidden: Int
    /// Residual blocks and channels of the LGF's (s, t) ResNet of u (2 × 8 in the paper).
    public var shiftScaleBlocks: Int
    public var shiftScaleHidden: Int
    /// λ of the logit pre-transform: 1e−6 for MNIST and Fashion-MNIST, 0.05 for CIFAR-10.
    public var logitLambda: Double
    /// What follows each indexed layer and how its networks start (LGF only; ignored by the baseline).
    public var indexedLayers: IndexedLayerSetup

    public init(kind: ModelKind, imageShape: ImageShape, couplerBlocks: Int = 4, couplerHidden: Int = 64,
                indexBlocks: Int = 2, indexHidden: Int = 64, shiftScaleBlocks: Int = 2, shiftScaleHidden: Int = 8,
                logitLambda: Double = 1e-6, indexedLayers: IndexedLayerSetup = .informed) {
        self.kind = kind
        self.imageShape = imageShape
        self.couplerBlocks = couplerBlocks
        self.couplerHidden = couplerHidden
        self.indexBlocks = indexBlocks
        self.indexHidden = indexHidden
        self.shiftScaleBlocks = shiftScaleBlocks
        self.shiftScaleHidden = shiftScaleHidden
        self.logitLambda = logitLambda
        self.indexedLayers = indexedLayers
    }

    private enum CodingKeys: String, CodingKey {
        case kind, imageShape, couplerBlocks, couplerHidden, indexBlocks, indexHidden, shiftScaleBlocks, shiftScaleHidden, logitLambda
        case indexedLayers
    }

    /// Decodes a specification; one written before `indexedLayers` existed was built as the paper has it (`.paper`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try container.decode(ModelKind.self, forKey: .kind),
                  imageShape: try container.decode(ImageShape.self, forKey: .imageShape),
                  couplerBlocks: try container.decode(Int.self, forKey: .couplerBlocks),
                  couplerHidden: try container.decode(Int.self, forKey: .couplerHidden),
                  indexBlocks: try container.decode(Int.self, forKey: .indexBlocks),
                  indexHidden: try container.decode(Int.self, forKey: .indexHidden),
                  shiftScaleBlocks: try container.decode(Int.self, forKey: .shiftScaleBlocks),
                  shiftScaleHidden: try container.decode(Int.self, forKey: .shiftScaleHidden),
                  logitLambda: try container.decode(Double.self, forKey: .logitLambda),
                  indexedLayers: try container.decodeIfPresent(IndexedLayerSetup.self, forKey: .indexedLayers) ?? .paper)
    }

    /// The paper's RealNVP(blocks) baseline (8 or 4 blocks) or LGF-RealNVP(4) on images of `imageShape`, with the
    /// paper's indexed layers (`IndexedLayerSetup.paper`) unless `indexedLayers` says otherwise.
    public static func paper(_ kind: ModelKind, imageShape: ImageShape, couplerBlocks: Int, logitLambda: Double,
                             indexedLayers: IndexedLayerSetup = .paper) -> ImageModelSpecification {
        ImageModelSpecification(kind: kind, imageShape: imageShape, couplerBlocks: couplerBlocks, logitLambda: logitLambda, indexedLayers: indexedLayers)
    }
}
