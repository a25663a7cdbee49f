import Flows

extension ConfigurationOverrides {
    /// Refuses context settings for a model without a context, rather than ignore them.
    /// - Throws: `ExperimentError.unsupported` naming the first such setting.
    public func checkContextSettings(for model: ModelSpecification) throws {
        guard model.context == nil else { return }
        for key in [Hyperparameters.contextEmbedding.key, Hyperparameters.contextShiftScale.key] where givenKeys.contains(key) {
            throw ExperimentError.unsupported("\(key) applies to conditional runs (lgf train --train-file FILE --context-columns …); this model has no context")
        }
    }
}
