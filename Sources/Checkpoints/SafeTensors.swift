import Tensors
import FileSystem

/// The Hugging Face safetensors format (https://github.com/huggingface/safetensors), byte for byte as its
/// reference writer produces it:
///
/// ```
/// [8 bytes]  N, the header length, little-endian UInt64
/// [N bytes]  UTF-8 JSON, padded with spaces to a multiple of 8:
///            {"__metadata__":{"key":"value",…},"name":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},…}
/// [rest]     the tensors' little-endian elements in C order, back to back; offsets count from here
/// ```
///
/// Tensors are laid out as the reference orders them, by descending dtype size and then by name (bytewise
/// UTF-8), so 8-byte elements stay 8-byte aligned; with one dtype that is plain sorted-name order. Metadata
/// keys are written sorted (the reference leaves them in hash order). Only `F32` and `F64` are read.
public enum SafeTensors {
    /// The reserved header key holding string-to-string metadata.
    static let metadataKey = "__metadata__"
    /// The header is padded so the data section starts 8-byte aligned.
    static let headerAlignment = 8

    /// The safetensors bytes holding `tensors` and `metadata` (`__metadata__` is omitted when empty).
    ///
    /// - Parameters:
    ///   - tensors: names and values; names must be unique and not `__metadata__`. Values are written in
    ///     their own dtype (`float32` → `F32`, `float64` → `F64`).
    ///   - metadata: free-form strings, stored under `__metadata__`.
    /// - Returns: the complete file contents.
    public static func encode(tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> [UInt8] {
        let names = Set(tensors.map(\.name))
        require(names.count == tensors.count, "SafeTensors.encode: duplicate tensor names")
        require(!names.contains(metadataKey), "SafeTensors.encode: \(metadataKey) is reserved for metadata, not a tensor name")
        let ordered = tensors.sorted { left, right in
            if left.tensor.dtype.byteCount != right.tensor.dtype.byteCount { return left.tensor.dtype.byteCount > right.tensor.dtype.byteCount }
            return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }

        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                .map { JSONText.quoted($0.key) + ":" + JSONText.quoted($0.value) }
            entries.append(JSONText.quoted(metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in ordered {
            let end = offset + tensor.elementCount * tensor.dtype.byteCount
            entries.append(JSONText.quoted(name) + ":{\"dtype\":" + JSONText.quoted(SafeTensorsDType.name(of: tensor.dtype))
                           + ",\"shape\":" + JSONText.array(tensor.shape.dimensions)
                           + ",\"data_offsets\":" + JSONText.array([offset, end]) + "}")
            offset = end
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (headerAlignment - header.count % headerAlignment) % headerAlignment))

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for (_, tensor) in ordered { TensorBytes.append(tensor, to: &bytes) }
        return bytes
    }
}
