import Flows

extension ConfigurationOverrides {
    /// Refuses context settings (the table's conditional-model entries) for a model without a context, rather than
    /// ignore them; a new context setting is refused by being listed there.
    /// - Throws: `ExperimentError.unsupported` naming the first such setting.
    public func checkContextSettings(for model: ModelSpecification) throws {
        guard model.context == nil else { return }
        if let given = Hyperparameters.conditionalModel.first(where: { $0.isGiven(in: self) }) {
            throw ExperimentError.unsupported("\(given.key) applies to conditional runs (lgf train --train-file FILE --context-columns …); this model has no context")
        }
    }
}
