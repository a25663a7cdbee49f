/// How the indexed layers of a localised flow are set up around their conditional affine maps: what follows each
/// of them and how their networks start. Recorded in a model's specification, so a run keeps meaning what it meant
/// when it was trained; a specification written before this existed decodes as `.paper`.
public struct IndexedLayerSetup: Sendable, Codable, Equatable {
    /// What follows each indexed layer.
    public var normalization: IndexedLayerNormalization
    /// How the (s, t), p(u | z) and q(u | x) networks start.
    public var initialization: IndexedLayerInitialization

    public init(normalization: IndexedLayerNormalization, initialization: IndexedLayerInitialization) {
        self.normalization = normalization
        self.initialization = initialization
    }

    /// The paper's models (ICLR/ICML 2020, Appendix D): nothing after the conditional affine layer, every network
    /// initialised as PyTorch's defaults.
    public static let paper = IndexedLayerSetup(normalization: .none, initialization: .standard)

    /// Each indexed layer starts as the identity with p = q, and a batch norm without parameters follows it (as the
    /// authors' later code does), so that activations keep unit scale through the stack from the first step.
    public static let stable = IndexedLayerSetup(normalization: .batchNorm, initialization: .identity)

    /// As `stable`, but only the (s, t) network starts at zero and p(u | z) starts as a copy of q(u | x): the same
    /// objective at step 0 (each layer the identity, log p − log q = 0), with u already depending on x, so that
    /// training does not start at the saddle where u is unused. LGF-RealNVP's default.
    public static let informed = IndexedLayerSetup(normalization: .batchNorm, initialization: .informedIdentity)
}

/// What follows each indexed layer of a localised flow.
public enum IndexedLayerNormalization: String, Sendable, Codable, CaseIterable {
    /// Nothing: the conditional affine layer takes the place of the baselines' batch norm (the paper, §4 and
    /// Appendix D).
    case none
    /// A batch norm with no scale or shift of its own, z = (x − m) / √(v + ε), after every indexed layer: the
    /// authors' later code ("Decoupled batch normalisation from affine step"). It adds no parameters.
    case batchNorm = "batch-norm"
    /// A batch norm with its own log-scale and shift per feature (as the baselines' batch-norm bijection) after every
    /// indexed layer; it adds 2·D parameters per layer.
    case batchNormAffine = "batch-norm-affine"
}

/// How the networks of a localised flow's indexed layers start.
public enum IndexedLayerInitialization: String, Sendable, Codable, CaseIterable {
    /// PyTorch's default initialisation of every layer, as in the paper.
    case standard
    /// The last layer of the (s, t), p(u | z) and q(u | x) networks is zero, so that each indexed layer starts as
    /// the identity (s = t = 0) with p(u | z) = q(u | x) = N(0, I) and log p − log q = 0 for every u (the zero
    /// initialisation of Glow's couplers, Kingma & Dhariwal 2018, §3.3).
    case identity
    /// The last layer of the (s, t) network is zero (an indexed coupler starts as the identity), so that each indexed
    /// map starts as the identity, while q(u | x) keeps PyTorch's default initialisation and p(u | z) starts as an
    /// exact copy of it. Where the layer has no base bijection g (LGF-RealNVP's layers, `affine-only`), z = x at step
    /// 0, so p(u | z) = q(u | x) and log p − log q = 0 for every u, as with `.identity`, but u already depends on x;
    /// with a base g (LGF-MAF), z = g(x) and p starts as q's function of g(x). With `.identity`, u is independent of x
    /// at the start, so the gradient of the (s, t) network's last layer is that of a constant and the stack sits at a
    /// saddle where u stays unused; here it is not.
    case informedIdentity = "informed-identity"
}
