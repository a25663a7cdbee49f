import Tensors
import Networks

extension Checkpoint {
    /// This checkpoint with its tensors renamed from positional names (`0.1.0.0.2.weight`), which checkpoints
    /// written before December 2026 used, to `model`'s role names (`steps.0.bijection.made.layers.2.weight`, see
    /// `Layer.sublayerNames`); `nil` when it already uses role names or is not a positional checkpoint of this
    /// model at all (then `restore` reports what does not fit, by the file's own names).
    ///
    /// A checkpoint is read as positional only when none of its model tensors has a role name and every one of
    /// them is a positional name of `model`: both walks list the same tensors in the same order, so the renaming
    /// is one-to-one, and a mixture of the two schemes is never guessed at.
    func withRoleNames(for model: some Layer) -> Checkpoint? {
        let roles = model.namedState.map(\.name), positions = model.positionalState.map(\.name)
        guard roles != positions else { return nil }
        let roleNames = Set(roles)
        let renamed = Dictionary(uniqueKeysWithValues: zip(positions, roles))
        guard !modelState.keys.contains(where: roleNames.contains), modelState.keys.allSatisfy({ renamed[$0] != nil }) else {
            return nil
        }
        func rename(_ tensors: [String: Tensor]) -> [String: Tensor] {
            Dictionary(uniqueKeysWithValues: tensors.map { (renamed[$0.key] ?? $0.key, $0.value) })
        }
        let optimizer = optimizerState.map {
            OptimizerSnapshot(stepCount: $0.stepCount, learningRate: $0.learningRate,
                              firstMoments: rename($0.firstMoments), secondMoments: rename($0.secondMoments))
        }
        return Checkpoint(source: source, modelState: rename(modelState), optimizerState: optimizer, metadata: metadata,
                          integrity: integrity)
    }
}
