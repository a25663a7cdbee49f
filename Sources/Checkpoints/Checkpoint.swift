import Tensors
import Networks

/// A whole training state in one safetensors file: every parameter and buffer of a model, Adam's state,
/// and free-form metadata (the resolved configuration, the epoch, the best validation value, the RNG state…).
///
/// Model tensors are stored under their `Layer.namedState` names (e.g. `steps.0.made.layers.1.weight`) in the
/// model's dtype; the optimiser's under `optimizer.firstMoment.<name>` and `optimizer.secondMoment.<name>`,
/// with `optimizer.stepCount` and `optimizer.learningRate` in the metadata (see `OptimizerSnapshot`). Any
/// safetensors reader can open the file, e.g. Python's `safetensors.numpy.load_file`.
///
/// ```swift
/// try Checkpoint.save(model: flow, optimizer: adam, metadata: ["epoch": "12"], to: "run/checkpoint.safetensors")
/// let checkpoint = try Checkpoint.load(from: "run/checkpoint.safetensors")
/// try checkpoint.restore(into: flow, optimizer: adam)
/// ```
public struct Checkpoint {
    /// Where the checkpoint came from (a path), named in every error.
    public let source: String
    /// The model's parameters and buffers by dotted name.
    public let modelState: [String: Tensor]
    /// The optimiser's state, if one was saved.
    public let optimizerState: OptimizerSnapshot?
    /// The caller's metadata, without the checkpoint's own `optimizer.` and `checksum.` keys.
    public let metadata: [String: String]
    /// Whether the bytes this checkpoint was read from matched their checksums (see `CheckpointChecksums`).
    public let integrity: CheckpointIntegrity

    /// A checkpoint from its parts.
    public init(source: String, modelState: [String: Tensor], optimizerState: OptimizerSnapshot?, metadata: [String: String],
                integrity: CheckpointIntegrity = .unverified) {
        self.source = source
        self.modelState = modelState
        self.optimizerState = optimizerState
        self.metadata = metadata
        self.integrity = integrity
    }

    /// A snapshot of `model` and `optimizer` as they are now (later updates do not change it).
    /// - Parameters:
    ///   - optimizer: the model's optimiser, whose parameters must all belong to `model`; `nil` saves none.
    ///   - metadata: free-form strings; keys must not start with `optimizer.` or `checksum.`.
    /// - Throws: `CheckpointError.reservedMetadataKey`, `.duplicateTensorName` or `.optimizerParameterNotInModel`.
    public init(model: some Layer, optimizer: Adam?, metadata: [String: String]) throws(CheckpointError) {
        if let key = metadata.keys.sorted().first(where: { $0.hasPrefix(CheckpointNames.optimizerPrefix) || $0.hasPrefix(CheckpointChecksums.prefix) }) {
            throw .reservedMetadataKey(key: key)
        }
        let index = try ModelStateIndex(model)
        var state: [String: Tensor] = [:]
        for (name, slot) in index.entries { state[name] = slot.value.detached() }
        self.init(source: "the state of \(type(of: model))", modelState: state,
                  optimizerState: try optimizer.map { optimizer throws(CheckpointError) in try OptimizerSnapshot(optimizer, index: index) },
                  metadata: metadata)
    }

    /// The safetensors bytes of this checkpoint, with CRC-32 checksums of its data and of its header.
    public func encoded() -> [UInt8] {
        var tensors = modelState.map { (name: $0.key, tensor: $0.value) }
        var allMetadata = metadata
        if let optimizerState {
            tensors += optimizerState.firstMoments.map { (name: CheckpointNames.firstMoment(of: $0.key), tensor: $0.value) }
            tensors += optimizerState.secondMoments.map { (name: CheckpointNames.secondMoment(of: $0.key), tensor: $0.value) }
            allMetadata[CheckpointNames.stepCount] = String(optimizerState.stepCount)
            allMetadata[CheckpointNames.learningRate] = String(optimizerState.learningRate)
        }
        var bytes = SafeTensors.encode(tensors: tensors, metadata: CheckpointChecksums.withPlaceholders(allMetadata))
        CheckpointChecksums.seal(&bytes)
        return bytes
    }

    /// Writes the checkpoint to `path` atomically (see `AtomicFile`): a crash mid-save leaves the previous
    /// checkpoint intact.
    /// - Parameter simulatedError: for fault-injection tests (see `AtomicFile.write`).
    /// - Throws: `CheckpointError.unwritable(path:reason:)`.
    public func save(to path: String, simulatedError: Int32? = nil) throws(CheckpointError) {
        try RunFiles.write(encoded(), to: path, simulatedError: simulatedError)
    }

    /// Snapshots `model`, `optimizer` and `metadata` and writes them to `path` atomically.
    /// - Throws: `CheckpointError` (see `init(model:optimizer:metadata:)` and `save(to:)`).
    public static func save(model: some Layer, optimizer: Adam?, metadata: [String: String], to path: String) throws(CheckpointError) {
        try Checkpoint(model: model, optimizer: optimizer, metadata: metadata).save(to: path)
    }

    /// Reads and validates the checkpoint at `path` (no model is needed: inspect `metadata` first to build one).
    /// Checksums, when present, must match (`integrity` says whether there were any).
    /// - Throws: `CheckpointError.fileNotFound(path:)`, `.unreadable`, `.checksumMismatch`, or a format error
    ///   naming `path` and the tensor.
    public static func load(from path: String) throws(CheckpointError) -> Checkpoint {
        try Checkpoint(decoding: RunFiles.read(path), source: path)
    }
}
