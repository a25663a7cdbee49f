import Tensors
import Networks

/// Real NVP's affine coupling on flat vectors, z_b = x_b ⊙ exp(s) + t with (t, s) = coupler([x_a, u, c]): the
/// coupling bijection with an `AffineTransform` in its `.shiftThenLogScale` form (Dinh et al., ICLR 2017, Eq. 6–7).
public typealias AffineCouplingBijection = CouplingBijection<AffineTransform>

/// Real NVP's affine coupling on flattened images, with a mask or channel halves and (s, t) from the conditioner:
/// the coupling bijection with an `AffineTransform` in its `.logScaleThenShift` form.
public typealias MaskedAffineCouplingBijection = CouplingBijection<AffineTransform>

extension CouplingBijection {
    /// A coupling of flat vectors (`CouplingPartition.flatHalves`) whose coupler is a new `MLP` from x_a (and u and c, when
    /// it sees them) to `transform.parameterCount` outputs per feature of x_b, named `coupler` in checkpoints. With a spline, nflows'
    /// `PiecewiseRationalQuadraticCouplingTransform` with mask 1 on x_b, whose transform net is this MLP (taking
    /// `(inputs, context)` and without a `hidden_features` attribute, so nflows does not rescale the widths and heights
    /// either) with its output rows p·n + j moved to j·(3K − 1) + p.
    /// - Parameters:
    ///   - featureCount: D ≥ 2.
    ///   - transformsSecondHalf: whether x_b is the second half (features ⌊D/2⌋…D−1) or the first; alternate it.
    ///   - hiddenCounts: the coupler's hidden widths.
    ///   - indexCount: width of the index u the coupler also sees (0 for none).
    ///   - contextCount: width of the context c the coupler also sees (0 for none).
    public convenience init(featureCount: Int, transformsSecondHalf: Bool, hiddenCounts: [Int], indexCount: Int = 0, contextCount: Int = 0,
                            transform: Transform, activation: Activation = .tanh, using generator: inout some RandomNumberGenerator) {
        require(featureCount >= 2, "CouplingBijection: needs at least 2 features, got \(featureCount)")
        let partition = CouplingPartition.flatHalves(featureCount: featureCount, transformsSecondHalf: transformsSecondHalf)
        let widths = partition.conditionerWidths(parameterCount: transform.parameterCount)
        let coupler = MLP(inputCount: widths.input + indexCount + contextCount, hiddenCounts: hiddenCounts, outputCount: widths.output,
                          activation: activation, using: &generator)
        self.init(partition: partition, conditioner: coupler, transform: transform, indexCount: indexCount, contextCount: contextCount,
                  conditionerName: "coupler")
    }
}

extension CouplingBijection where Transform == AffineTransform {
    /// Real NVP's flat affine coupling, (t, s) = coupler([x_a, u, c]), z_b = x_b ⊙ exp(s) + t, with an optional soft
    /// clamp of s.
    public convenience init(featureCount: Int, transformsSecondHalf: Bool, hiddenCounts: [Int], indexCount: Int = 0, contextCount: Int = 0,
                            logScaleBound: LogScaleBound? = nil, activation: Activation = .tanh, using generator: inout some RandomNumberGenerator) {
        self.init(featureCount: featureCount, transformsSecondHalf: transformsSecondHalf, hiddenCounts: hiddenCounts, indexCount: indexCount,
                  contextCount: contextCount, transform: AffineTransform(form: .shiftThenLogScale, logScaleBound: logScaleBound), activation: activation,
                  using: &generator)
    }

    /// Real NVP's image coupling, (s, t) = conditioner(x_a) (or of x ⊙ m for a mask, with s and t used where m = 0).
    /// - Precondition: the conditioner's widths match the partition (D → 2D for a mask, |x_a| → 2|x_b| for halves).
    public convenience init(partition: CouplingPartition, conditioner: any VectorNetwork) {
        self.init(partition: partition, conditioner: conditioner, transform: AffineTransform(form: .logScaleThenShift))
    }
}
