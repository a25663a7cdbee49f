import Tensors
import Networks

extension IndexedLayer {
    /// An indexed layer whose networks start as `setup.initialization` says: with `.identity` the last layers of
    /// p(u | z), q(u | x) and of whatever network of u the bijection has ((s, t), or an indexed coupler) are zero.
    public convenience init(bijection: any Bijection, indexPrior: ConditionalGaussian, indexPosterior: ConditionalGaussian,
                            setup: IndexedLayerSetup) {
        self.init(bijection: bijection, indexPrior: indexPrior, indexPosterior: indexPosterior)
        guard setup.initialization == .identity else { return }
        for network in [indexPrior.network, indexPosterior.network] + Self.indexNetworks(of: bijection) {
            guard let zeroing = network as? any OutputZeroing else {
                requirementFailure("IndexedLayer: \(type(of: network)) cannot start at zero")
            }
            zeroing.zeroOutputLayer()
        }
    }

    /// The layer as flow steps, followed by a batch norm without parameters over `featureCount` features when
    /// `normalization` asks for one.
    public func followedBy(_ normalization: IndexedLayerNormalization, featureCount: Int) -> [FlowStep] {
        switch normalization {
        case .none: return [.indexed(self)]
        case .batchNorm: return [.indexed(self), .bijection(BatchNormBijection(featureCount: featureCount, learnsAffine: false))]
        case .batchNormAffine: return [.indexed(self), .bijection(BatchNormBijection(featureCount: featureCount))]
        }
    }

    /// The networks through which u reaches the map: the (s, t) network of a conditional affine bijection, or the
    /// coupler of a coupling that sees u.
    private static func indexNetworks(of bijection: any Bijection) -> [any Layer] {
        if let affine = bijection as? ConditionalAffineBijection { return [affine.shiftScaleNetwork] }
        if let coupling = bijection as? AffineCouplingBijection, coupling.indexCount > 0 { return [coupling.conditioner] }
        requirementFailure("IndexedLayer: no network of u known in \(type(of: bijection))")
    }
}
