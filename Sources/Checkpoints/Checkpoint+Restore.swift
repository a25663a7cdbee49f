import Tensors
import Networks

extension Checkpoint {
    /// Copies the saved state into `model` and, if given, `optimizer`, after checking that it fits.
    ///
    /// Checkpoints that name tensors by position (written before role names) are renamed first (see
    /// `withRoleNames(for:)`). Every tensor the model lists must be present with the model's shape, and the
    /// checkpoint may hold no model tensor the model lacks; the same goes for the optimiser's moments. Values are converted to
    /// the dtype of the model's tensor. Adam's step count, learning rate and moments are restored. Nothing
    /// is changed unless every check passes, so a failed restore leaves model and optimiser as they were.
    /// - Parameters:
    ///   - model: a model built from the same specification as the saved one.
    ///   - optimizer: the model's optimiser, or `nil` to restore the model only (e.g. for evaluation).
    /// - Throws: `CheckpointError.missingTensors`, `.unexpectedTensors`, `.shapeMismatch` (naming `source`,
    ///   the tensor and both shapes), `.missingOptimizerState`, `.optimizerParameterNotInModel` or `.duplicateTensorName`.
    public func restore(into model: some Layer, optimizer: Adam?) throws(CheckpointError) {
        if let renamed = withRoleNames(for: model) { return try renamed.restore(into: model, optimizer: optimizer) }
        let index = try ModelStateIndex(model)
        var assignments: [(slot: NamedTensor, value: Tensor)] = []
        var missing: [String] = []
        for (name, slot) in index.entries {
            guard let saved = modelState[name] else { missing.append(name); continue }
            try checkShape(of: saved, named: name, expected: slot.value.shape)
            assignments.append((slot, saved.converted(to: slot.value.dtype)))
        }
        guard missing.isEmpty else { throw .missingTensors(source: source, tensors: missing) }
        let unexpected = modelState.keys.filter { index[$0] == nil }.sorted()
        guard unexpected.isEmpty else { throw .unexpectedTensors(source: source, tensors: unexpected) }

        var optimizerRestore: (() -> Void)?
        if let optimizer {
            optimizerRestore = try preparedOptimizerRestore(optimizer, index: index)
        }

        for (slot, value) in assignments { slot.assign(value) }
        optimizerRestore?()
    }

    /// Checks the optimiser's state against `optimizer` and returns the closure that installs it.
    private func preparedOptimizerRestore(_ optimizer: Adam, index: ModelStateIndex) throws(CheckpointError) -> () -> Void {
        guard let state = optimizerState else { throw .missingOptimizerState(source: source) }
        let names = try index.names(of: optimizer.parameters)
        var firstMoments: [Tensor] = [], secondMoments: [Tensor] = []
        var missing: [String] = []
        for (parameter, name) in zip(optimizer.parameters, names) {
            guard let first = state.firstMoments[name], let second = state.secondMoments[name] else {
                missing.append(CheckpointNames.firstMoment(of: name))
                continue
            }
            try checkShape(of: first, named: CheckpointNames.firstMoment(of: name), expected: parameter.shape)
            try checkShape(of: second, named: CheckpointNames.secondMoment(of: name), expected: parameter.shape)
            // Adam's kernel runs in the parameter's dtype, which the model restore does not change.
            firstMoments.append(first.converted(to: parameter.value.dtype))
            secondMoments.append(second.converted(to: parameter.value.dtype))
        }
        guard missing.isEmpty else { throw .missingTensors(source: source, tensors: missing) }
        let known = Set(names)
        let unexpected = state.firstMoments.keys.filter { !known.contains($0) }.sorted().map(CheckpointNames.firstMoment(of:))
        guard unexpected.isEmpty else { throw .unexpectedTensors(source: source, tensors: unexpected) }

        return {
            optimizer.restore(stepCount: state.stepCount, firstMoments: firstMoments, secondMoments: secondMoments)
            optimizer.learningRate = state.learningRate
        }
    }

    private func checkShape(of tensor: Tensor, named name: String, expected: Shape) throws(CheckpointError) {
        guard tensor.shape == expected else { throw .shapeMismatch(source: source, tensor: name, found: tensor.shape, expected: expected) }
    }
}
