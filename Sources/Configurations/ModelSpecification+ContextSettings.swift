import Flows

/// The context settings of a conditional model as the fields hyperparameters land in (`context-embedding`,
/// `context-shift-scale`). A run's context itself comes from its data (`--context-columns`); an unconditional model
/// has no context to set them on, which `ConfigurationOverrides.checkContextSettings(for:)` reports.
extension ModelSpecification {
    /// The context embedding as widths, its hidden layers then its output (`nil`: none); setting it on a model without a
    /// context does nothing.
    var contextEmbeddingWidths: [Int]? {
        get { context?.embedding.map { $0.hiddenCounts + [$0.outputCount] } }
        set {
            guard let newValue else { context?.embedding = nil; return }
            context?.embedding = ContextEmbeddingSpecification(hiddenCounts: Array(newValue.dropLast()), outputCount: newValue.last ?? 0)
        }
    }

    /// Whether each indexed layer's (s, t) network sees c (`nil` for an unconditional model).
    var shiftScaleSeesContext: Bool? {
        get { context?.shiftScaleSeesContext }
        set { if let newValue { context?.shiftScaleSeesContext = newValue } }
    }
}
