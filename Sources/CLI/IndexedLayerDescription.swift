import Flows

/// How a localised model's indexed layers are set up, as a clause of `lgf train` and `lgf describe`'s model line.
enum IndexedLayerDescription {
    static func clause(_ setup: IndexedLayerSetup) -> String {
        let normalization: String
        switch setup.normalization {
        case .none: normalization = ""
        case .batchNorm: normalization = ", then a batch norm without parameters"
        case .batchNormAffine: normalization = ", then a batch norm with its own scale and shift"
        }
        let start: String
        switch setup.initialization {
        case .standard: start = "; networks initialised as PyTorch's defaults"
        case .identity: start = "; each starts as the identity with p = q"
        case .informedIdentity: start = "; each starts as the identity with p a copy of q"
        }
        return normalization + start + (setup == .paper ? " (the paper's setup)" : "")
    }
}
