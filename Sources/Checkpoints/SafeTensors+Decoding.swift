import Tensors
import FileSystem

extension SafeTensors {
    /// Reads safetensors bytes, validating the layout as the reference reader does.
    ///
    /// Checks, each failure naming `source` and the tensor: the header length fits in the file; the header
    /// is UTF-8 JSON (an object of tensor entries plus optional `__metadata__` of strings); every dtype is
    /// `F32` or `F64`; every shape has at most 4 axes; every `data_offsets` range lies inside the data
    /// section and spans exactly shape × dtype size bytes; and the ranges tile the data section without
    /// overlaps, gaps or trailing bytes.
    ///
    /// - Parameters:
    ///   - bytes: the complete file contents.
    ///   - source: where the bytes came from (usually the path), used in error messages.
    /// - Returns: the tensors by name, in the file's dtypes, and the metadata (empty if absent).
    /// - Throws: `CheckpointError` naming `source` and the offending tensor.
    public static func decode(_ bytes: [UInt8], source: String) throws(CheckpointError) -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw .truncatedHeaderLength(source: source, byteCount: bytes.count) }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw .headerLengthBeyondFile(source: source, headerLength: headerLength, fileLength: bytes.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header = bytes[8..<dataStart]
        guard String(validating: header, as: UTF8.self) != nil else { throw .malformedHeader(source: source, reason: "the header is not valid UTF-8") }
        let json: JSONValue
        do throws(JSONSyntaxError) { json = try JSONValue.parse(header) } catch { throw .malformedHeader(source: source, reason: error.description) }
        guard case .object(let members) = json else {
            throw .malformedHeader(source: source, reason: "expected a JSON object, found \(json.kindName)")
        }

        var metadata: [String: String] = [:]
        var entries: [SafeTensorsEntry] = []
        for (key, value) in members {
            if key == metadataKey {
                metadata = try decodeMetadata(value, source: source)
            } else {
                entries.append(try SafeTensorsEntry(name: key, json: value, source: source))
            }
        }

        let dataByteCount = bytes.count - dataStart
        for entry in entries { try entry.validateRange(dataByteCount: dataByteCount, source: source) }
        try validateTiling(entries, dataByteCount: dataByteCount, source: source)

        var tensors: [String: Tensor] = [:]
        for entry in entries {
            let range = (dataStart + Int(entry.begin))..<(dataStart + Int(entry.end))
            tensors[entry.name] = TensorBytes.tensor(from: bytes[range], shape: entry.shape, dtype: entry.dtype)
        }
        return (tensors, metadata)
    }

    /// `__metadata__`: an object whose values are all strings.
    private static func decodeMetadata(_ value: JSONValue, source: String) throws(CheckpointError) -> [String: String] {
        guard case .object(let pairs) = value else {
            throw .malformedMetadata(source: source, key: metadataKey, reason: "expected an object of strings, found \(value.kindName)")
        }
        var metadata: [String: String] = [:]
        for (key, item) in pairs {
            guard case .string(let text) = item else { throw .malformedMetadata(source: source, key: key, reason: "expected a string, found \(item.kindName)") }
            metadata[key] = text
        }
        return metadata
    }

    /// The byte ranges, taken in order, must start at 0, follow one another exactly and end at the end of
    /// the data: the reference rejects overlaps and gaps, so a file that passes here loads there too.
    private static func validateTiling(_ entries: [SafeTensorsEntry], dataByteCount: Int, source: String) throws(CheckpointError) {
        let ordered = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expectedBegin: UInt64 = 0
        var previous: SafeTensorsEntry?
        for entry in ordered {
            if entry.begin < expectedBegin, let previous {
                throw .overlappingTensors(source: source, tensor: entry.name, other: previous.name)
            }
            if entry.begin > expectedBegin {
                throw .gapBeforeTensor(source: source, tensor: entry.name, expectedBegin: expectedBegin, begin: entry.begin)
            }
            expectedBegin = entry.end
            previous = entry
        }
        guard expectedBegin == UInt64(dataByteCount) else {
            throw .trailingBytes(source: source, dataEnd: expectedBegin, dataByteCount: dataByteCount)
        }
    }
}
