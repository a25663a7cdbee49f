import Tensors

/// Whether the narrow networks (`MLP`, `MADE`) run their layers as one fused operation (`Tensor.layerChain`) or as
/// one operation per layer, as the user asks for it (`lgf bench … --layer-fusion`).
///
/// Both compute the same function; they differ in the last bits (the order of the sums), so set it once, before
/// training or evaluating.
public enum LayerFusion: String, CaseIterable, Codable, Sendable, ScopedSetting {
    /// Fused where it was measured faster (`MLP.usesLayerChain`, `MADE.usesLayerChain`): float32 networks whose
    /// every width is at most `Tensor.layerChainMaximumWidth`; the composed layers otherwise.
    case automatic
    /// Always the composed layers.
    case off

    /// Which path networks take: `automatic` until set; `with(_:_:)` overrides it for a task (`ScopedSetting`).
    public static let storage = ScopedChoice<LayerFusion>()

    /// Whether a network of these layer widths (input first) and this element type takes the fused path.
    /// bf16 products (`ProductPrecision.bf16`) always take the composed layers, whose products run on the bf16 kernel;
    /// the fused chain's products are float32 only.
    static func fuses(widths: [Int], dtype: DType) -> Bool {
        current == .automatic && dtype == .float32 && ProductPrecision.current == .fp32 && widths.count >= 3
            && widths.allSatisfy { $0 > 0 && $0 <= Tensor.layerChainMaximumWidth }
    }
}

extension Activation {
    /// The same nonlinearity for `Tensor.layerChain`.
    var chainActivation: ChainActivation {
        switch self {
        case .tanh: return .tanh
        case .relu: return .relu
        }
    }
}
