/// The context c of a conditional density p(x | c) and how it reaches a vector model (Papamakarios et al., NeurIPS
/// 2017, §3.4): optionally standardised, then optionally embedded, it reaches every MADE's first hidden layer and every
/// coupler, and in a localised model p(u | z, c) and q(u | x, c) too, and the (s, t) network of u when
/// `shiftScaleSeesContext`. Part of a `ModelSpecification`; `nil`
/// there (and in every specification written before contexts existed) means an unconditional model.
public struct ContextSpecification: Sendable, Codable, Equatable {
    /// C, the features of one context row (after any encoding the caller applies, e.g. one-hot labels).
    public var dimension: Int
    /// An MLP applied to c once per batch, whose output the networks see in place of c (nflows' `embedding_net`);
    /// `nil` to give them c itself.
    public var embedding: ContextEmbeddingSpecification?
    /// Whether the (s, t) network of each LGF layer sees c after u, (s, t)(u, c); p(u | z, c) and q(u | x, c) always do.
    public var shiftScaleSeesContext: Bool
    /// A fixed standardisation (c − mean) / std of the context, applied by the density before the embedding so that it
    /// takes contexts in their own units (the training split's statistics for numeric columns, mean 0 and std 1 for
    /// one-hot columns, which stay as they are); `nil` for none.
    public var standardization: InputStandardization?

    public init(dimension: Int, embedding: ContextEmbeddingSpecification? = nil, shiftScaleSeesContext: Bool = false,
                standardization: InputStandardization? = nil) {
        self.dimension = dimension
        self.embedding = embedding
        self.shiftScaleSeesContext = shiftScaleSeesContext
        self.standardization = standardization
    }

    private enum CodingKeys: String, CodingKey {
        case dimension, embedding, shiftScaleSeesContext, standardization
    }

    /// Decodes a context; without `embedding` it has none, without `shiftScaleSeesContext` (s, t) does not see c, and
    /// without `standardization` c is taken as it is.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(dimension: try container.decode(Int.self, forKey: .dimension),
                  embedding: try container.decodeIfPresent(ContextEmbeddingSpecification.self, forKey: .embedding),
                  shiftScaleSeesContext: try container.decodeIfPresent(Bool.self, forKey: .shiftScaleSeesContext) ?? false,
                  standardization: try container.decodeIfPresent(InputStandardization.self, forKey: .standardization))
    }

    /// The width of what the model's networks see: the embedding's output, or C.
    public var featureCount: Int { embedding?.outputCount ?? dimension }
}

/// The embedding network of a context: an MLP from C features through `hiddenCounts` to `outputCount`, with the
/// model's activation between layers and a linear output.
public struct ContextEmbeddingSpecification: Sendable, Codable, Equatable {
    /// Hidden widths (may be empty: one affine map).
    public var hiddenCounts: [Int]
    /// The width of the embedded context the networks see.
    public var outputCount: Int

    public init(hiddenCounts: [Int], outputCount: Int) {
        self.hiddenCounts = hiddenCounts
        self.outputCount = outputCount
    }
}
