import Tensors
import FileSystem

/// Everything that can go wrong writing, reading or restoring a checkpoint or a safetensors file.
///
/// Each case names the file (`path` for the file system, `source` for bytes that came from somewhere) and,
/// where one is involved, the tensor; `description` is one sentence saying what was expected and what
/// arrived, e.g. "run/checkpoint.safetensors: tensor 0.1.weight has shape [50, 2], the model expects [50, 3]".
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    // MARK: Files

    /// No file at `path`.
    case fileNotFound(path: String)
    /// The file exists but could not be read (a directory, no permission, an I/O error).
    case unreadable(path: String, reason: String)
    /// The file could not be written; the previous contents at `path`, if any, are untouched.
    case unwritable(path: String, reason: String)

    // MARK: The safetensors layout

    /// Fewer than the 8 bytes that hold the header length.
    case truncatedHeaderLength(source: String, byteCount: Int)
    /// The header length points past the end of the file.
    case headerLengthBeyondFile(source: String, headerLength: UInt64, fileLength: Int)
    /// The header is not UTF-8 JSON of the expected form (an object of objects).
    case malformedHeader(source: String, reason: String)
    /// A tensor entry lacks a field or holds one of the wrong type.
    case malformedTensorEntry(source: String, tensor: String, reason: String)
    /// A `__metadata__` entry whose value is not a string.
    case malformedMetadata(source: String, key: String, reason: String)
    /// A dtype other than `F32` and `F64`.
    case unsupportedDType(source: String, tensor: String, dtype: String)
    /// More axes than `Tensor` supports.
    case unsupportedRank(source: String, tensor: String, shape: [Int])
    /// `data_offsets` outside the data section or with the end before the beginning.
    case offsetsOutOfRange(source: String, tensor: String, begin: UInt64, end: UInt64, dataByteCount: Int)
    /// Two tensors whose byte ranges overlap.
    case overlappingTensors(source: String, tensor: String, other: String)
    /// Unused bytes before a tensor (the format packs tensors without gaps).
    case gapBeforeTensor(source: String, tensor: String, expectedBegin: UInt64, begin: UInt64)
    /// Unused bytes after the last tensor.
    case trailingBytes(source: String, dataEnd: UInt64, dataByteCount: Int)
    /// A byte range whose length differs from shape × dtype size.
    case sizeMismatch(source: String, tensor: String, shape: [Int], dtype: String, expectedByteCount: UInt64, byteCount: UInt64)

    // MARK: Checkpoints and models

    /// Caller metadata under a key the checkpoint reserves for itself.
    case reservedMetadataKey(key: String)
    /// Two parameters or buffers of one model with the same dotted name, or one parameter listed twice by the optimiser.
    case duplicateTensorName(tensor: String)
    /// The optimiser updates a parameter that is not part of the model being saved or restored.
    case optimizerParameterNotInModel(parameterIndex: Int, parameterName: String)
    /// Tensors the model (or optimiser) needs that the checkpoint lacks (first few named, with the total).
    case missingTensors(source: String, tensors: [String])
    /// Tensors in the checkpoint that the model (or optimiser) does not have.
    case unexpectedTensors(source: String, tensors: [String])
    /// A tensor whose shape differs from the model's.
    case shapeMismatch(source: String, tensor: String, found: Shape, expected: Shape)
    /// An optimiser was given but the checkpoint holds no optimiser state.
    case missingOptimizerState(source: String)
    /// Optimiser metadata that is missing or cannot be parsed.
    case malformedOptimizerState(source: String, key: String, value: String?, expected: String)

    // MARK: Integrity

    /// A stored CRC-32 differs from the one computed over the bytes read: the file was damaged or edited.
    case checksumMismatch(source: String, part: String, stored: String, computed: String)
    /// A value that no training could have produced (NaN weights, a negative variance, a broken mask…).
    case invalidValue(source: String, tensor: String, reason: String)

    /// One sentence saying what was expected, what arrived and where.
    public var description: String {
        switch self {
        case let .fileNotFound(path): "\(path): no such checkpoint file"
        case let .unreadable(path, reason): "\(path) cannot be read: \(reason)"
        case let .unwritable(path, reason): "\(path) cannot be written: \(reason)"
        case let .truncatedHeaderLength(source, byteCount): "\(source): expected a safetensors file starting with an 8-byte header length, found only \(MessageText.count(byteCount, "byte"))"
        case let .headerLengthBeyondFile(source, headerLength, fileLength): "\(source): the header length \(headerLength) runs past the end of the \(fileLength)-byte file"
        case let .malformedHeader(source, reason): "\(source): malformed safetensors header: \(reason)"
        case let .malformedTensorEntry(source, tensor, reason): "\(source): tensor \(tensor): \(reason)"
        case let .malformedMetadata(source, key, reason): "\(source): metadata \(key): \(reason)"
        case let .unsupportedDType(source, tensor, dtype): "\(source): tensor \(tensor) has dtype \(dtype), expected F32 or F64"
        case let .unsupportedRank(source, tensor, shape): "\(source): tensor \(tensor) has shape \(shape) with \(shape.count) axes, at most \(Shape.maximumRank) are supported"
        case let .offsetsOutOfRange(source, tensor, begin, end, dataByteCount): "\(source): tensor \(tensor) has data_offsets [\(begin), \(end)], expected 0 ≤ begin ≤ end ≤ \(dataByteCount) (the data section's size)"
        case let .overlappingTensors(source, tensor, other): "\(source): tensor \(tensor) overlaps tensor \(other)"
        case let .gapBeforeTensor(source, tensor, expectedBegin, begin): "\(source): tensor \(tensor) begins at byte \(begin) of the data section, expected \(expectedBegin) (no gaps between tensors)"
        case let .trailingBytes(source, dataEnd, dataByteCount): "\(source): the tensors end at byte \(dataEnd) of the data section, but it holds \(MessageText.count(dataByteCount, "byte"))"
        case let .sizeMismatch(source, tensor, shape, dtype, expected, found): "\(source): tensor \(tensor) of shape \(shape) and dtype \(dtype) needs \(MessageText.count(expected, "byte")), its data_offsets span \(found)"
        case let .reservedMetadataKey(key): "metadata key \(key) is reserved for the checkpoint's own optimiser state (keys starting with \(CheckpointNames.optimizerPrefix))"
        case let .duplicateTensorName(tensor): "two parameters or buffers share the name \(tensor) (in the model, or twice in the optimiser)"
        case let .optimizerParameterNotInModel(index, name): "the optimiser's parameter \(index) (\(name)) is not a parameter of the model"
        case let .missingTensors(source, tensors): "\(source): the model expects \(CheckpointError.list(tensors)), which the checkpoint lacks"
        case let .unexpectedTensors(source, tensors): "\(source): the checkpoint holds \(CheckpointError.list(tensors)), which the model lacks"
        case let .shapeMismatch(source, tensor, found, expected): "\(source): tensor \(tensor) has shape \(found), the model expects \(expected)"
        case let .missingOptimizerState(source): "\(source): an optimiser was given but the checkpoint holds no optimiser state"
        case let .malformedOptimizerState(source, key, value, expected): "\(source): metadata \(key) is \(value.map { "\"\($0)\"" } ?? "missing"), expected \(expected)"
        case let .checksumMismatch(source, part, stored, computed):
            "\(source) is damaged: the CRC-32 of its \(part) is \(computed), but the file records \(stored); refusing to load it "
                + "(use the other checkpoint of the run, or retrain)"
        case let .invalidValue(source, tensor, reason): "\(source): tensor \(tensor) \(reason); refusing to load it"
        }
    }

    /// "tensor a", "tensors a, b and c", or the first three and a count.
    private static func list(_ names: [String]) -> String {
        let shownCount = 3
        switch names.count {
        case 0: return "no tensors"
        case 1: return "tensor \(names[0])"
        case 2...shownCount: return "tensors " + names.dropLast().joined(separator: ", ") + " and \(names[names.count - 1])"
        default: return "tensors " + names.prefix(shownCount).joined(separator: ", ") + " and \(names.count - shownCount) more"
        }
    }
}
