import Tensors

extension Checkpoint {
    /// Reads a checkpoint from safetensors bytes, sorting tensors into model state and optimiser moments.
    ///
    /// The optimiser state is present when the file holds `optimizer.stepCount`; it must then hold a valid
    /// learning rate, and every first moment must have its second moment and vice versa.
    /// - Parameters:
    ///   - bytes: the file contents.
    ///   - source: where they came from (usually the path), named in every error.
    /// - Throws: `CheckpointError` naming `source` and the tensor or metadata key.
    public init(decoding bytes: [UInt8], source: String) throws(CheckpointError) {
        let (tensors, fileMetadata) = try SafeTensors.decode(bytes, source: source)
        let integrity = try CheckpointChecksums.verify(bytes, metadata: fileMetadata, source: source)
        var modelState: [String: Tensor] = [:]
        var firstMoments: [String: Tensor] = [:], secondMoments: [String: Tensor] = [:]
        for (name, tensor) in tensors {
            if name.hasPrefix(CheckpointNames.firstMomentPrefix) {
                firstMoments[String(name.dropFirst(CheckpointNames.firstMomentPrefix.count))] = tensor
            } else if name.hasPrefix(CheckpointNames.secondMomentPrefix) {
                secondMoments[String(name.dropFirst(CheckpointNames.secondMomentPrefix.count))] = tensor
            } else {
                modelState[name] = tensor
            }
        }
        var metadata = fileMetadata
        metadata[CheckpointChecksums.dataKey] = nil
        metadata[CheckpointChecksums.headerKey] = nil
        let stepText = metadata.removeValue(forKey: CheckpointNames.stepCount)
        let learningRateText = metadata.removeValue(forKey: CheckpointNames.learningRate)

        var optimizerState: OptimizerSnapshot?
        if stepText != nil || learningRateText != nil || !firstMoments.isEmpty || !secondMoments.isEmpty {
            guard let stepText, let stepCount = Int(stepText), stepCount >= 0 else {
                throw .malformedOptimizerState(source: source, key: CheckpointNames.stepCount, value: stepText, expected: "a non-negative integer")
            }
            guard let learningRateText, let learningRate = Double(learningRateText), learningRate.isFinite, learningRate > 0 else {
                throw .malformedOptimizerState(source: source, key: CheckpointNames.learningRate, value: learningRateText, expected: "a positive finite number")
            }
            let unpairedFirst = firstMoments.keys.filter { secondMoments[$0] == nil }.sorted().map(CheckpointNames.secondMoment(of:))
            let unpairedSecond = secondMoments.keys.filter { firstMoments[$0] == nil }.sorted().map(CheckpointNames.firstMoment(of:))
            guard unpairedFirst.isEmpty && unpairedSecond.isEmpty else { throw .missingTensors(source: source, tensors: unpairedFirst + unpairedSecond) }
            optimizerState = OptimizerSnapshot(stepCount: stepCount, learningRate: learningRate, firstMoments: firstMoments, secondMoments: secondMoments)
        }
        self.init(source: source, modelState: modelState, optimizerState: optimizerState, metadata: metadata, integrity: integrity)
    }
}
