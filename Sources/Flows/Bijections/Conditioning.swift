import Tensors

/// What a bijection is conditioned on besides its input: the index u of a localised layer and the context c of a
/// conditional density p(x | c), two different inputs that can reach one bijection together (an LGF layer of a
/// conditional model). Each bijection reads the parts it has inputs for and ignores the others, as its documentation
/// says; the density passes the same context to every step, and an indexed layer adds its own u.
public struct Conditioning {
    /// u, `[batch, d_u]`: the index of a localised layer (Cornish et al., ICML 2020, arXiv:1909.13833, Eq. 6).
    public var index: Tensor?
    /// c, `[batch, C]`: the context of a conditional density (after the density's embedding network, if any).
    public var context: Tensor?

    public init(index: Tensor? = nil, context: Tensor? = nil) {
        self.index = index
        self.context = context
    }

    /// Neither an index nor a context: an unconditional bijection's input.
    public static var none: Conditioning { Conditioning() }

    /// The same context without the index: what the base map g of an indexed layer, which never sees u, receives.
    public var withoutIndex: Conditioning { Conditioning(context: context) }
}
