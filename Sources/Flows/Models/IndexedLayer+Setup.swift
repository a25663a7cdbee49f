import Tensors
import Networks

extension IndexedLayer {
    /// An indexed layer whose networks start as `setup.initialization` says: with `.identity` the last layers of
    /// p(u | z), q(u | x) and of the (s, t) network are zero, and an indexed coupler (affine or spline) starts as the
    /// identity (`CouplingBijection.startAsIdentity()`); with `.informedIdentity` only the (s, t) network's last
    /// layer is zero (or the coupler starts as the identity) and p(u | z) starts as a copy of q(u | x).
    public convenience init(bijection: any Bijection, indexPrior: ConditionalGaussian, indexPosterior: ConditionalGaussian,
                            setup: IndexedLayerSetup) {
        self.init(bijection: bijection, indexPrior: indexPrior, indexPosterior: indexPosterior)
        let zeroed: [any Layer]
        switch setup.initialization {
        case .standard: return
        case .identity: zeroed = [indexPrior.network, indexPosterior.network] + Self.indexNetworks(of: bijection)
        case .informedIdentity:
            zeroed = Self.indexNetworks(of: bijection)
            indexPrior.network.copyValues(of: indexPosterior.network)
        }
        for network in zeroed {
            guard let zeroing = network as? any OutputZeroing else {
                requirementFailure("IndexedLayer: \(type(of: network)) cannot start at zero")
            }
            zeroing.zeroOutputLayer()
        }
        if let coupling = bijection as? any IndexedCoupling, coupling.indexCount > 0 { coupling.startAsIdentity() }
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

    /// The networks through which u reaches the map other than an indexed coupler: the (s, t) network of a conditional
    /// affine bijection.
    private static func indexNetworks(of bijection: any Bijection) -> [any Layer] {
        if let affine = bijection as? ConditionalAffineBijection { return [affine.shiftScaleNetwork] }
        if let coupling = bijection as? any IndexedCoupling, coupling.indexCount > 0 { return [] }
        requirementFailure("IndexedLayer: no network of u known in \(type(of: bijection))")
    }
}
