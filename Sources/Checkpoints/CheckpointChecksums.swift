import Tensors

/// Whether a loaded checkpoint's bytes were checked against stored checksums.
public enum CheckpointIntegrity: Sendable, Equatable {
    /// Both CRC-32 checksums matched.
    case verified
    /// The file has no checksums (written before they were added, or by another program): loaded as is.
    case unverified
}

/// Two CRC-32s (see `CRC32`) in a checkpoint's metadata, as eight hex digits each:
///
/// - `checksum.crc32.data`: the data section (every tensor's bytes, as stored);
/// - `checksum.crc32.header`: the 8-byte length and the JSON header (tensor names, dtypes, shapes,
///   offsets and all metadata), computed with both checksum values replaced by `00000000`.
///
/// Any changed byte of the file thus changes one of them. The writer encodes with the placeholders,
/// then fills them in; the reader zeroes them in a copy of the header to recompute. In Python:
/// `zlib.crc32(data[8 + n:])` for the data, with `n` the little-endian header length.
enum CheckpointChecksums {
    static let prefix = "checksum."
    static let dataKey = "checksum.crc32.data"
    static let headerKey = "checksum.crc32.header"
    static let placeholder = "00000000"

    /// Metadata with both placeholders added, ready to encode and then `seal`.
    static func withPlaceholders(_ metadata: [String: String]) -> [String: String] {
        var metadata = metadata
        metadata[dataKey] = placeholder
        metadata[headerKey] = placeholder
        return metadata
    }

    /// Fills the placeholders of freshly encoded safetensors bytes with the checksums.
    static func seal(_ bytes: inout [UInt8]) {
        let dataStart = dataStart(of: bytes)
        guard let dataSlot = valueRange(of: dataKey, in: bytes, headerEnd: dataStart),
              let headerSlot = valueRange(of: headerKey, in: bytes, headerEnd: dataStart) else {
            requirementFailure("CheckpointChecksums.seal: the encoded header lacks its checksum placeholders")
        }
        bytes.replaceSubrange(dataSlot, with: Array(CRC32.hex(CRC32.checksum(bytes[dataStart...])).utf8))
        var header = Array(bytes[..<dataStart])
        header.replaceSubrange(dataSlot, with: Array(placeholder.utf8))
        bytes.replaceSubrange(headerSlot, with: Array(CRC32.hex(CRC32.checksum(header)).utf8))
    }

    /// Checks structurally valid safetensors `bytes` whose metadata is `metadata`.
    /// - Throws: `CheckpointError.checksumMismatch` naming the part, or `.malformedMetadata` for a checksum
    ///   that is not eight hex digits or present without its partner.
    static func verify(_ bytes: [UInt8], metadata: [String: String], source: String) throws(CheckpointError) -> CheckpointIntegrity {
        let storedData = metadata[dataKey], storedHeader = metadata[headerKey]
        if storedData == nil && storedHeader == nil { return .unverified }
        for (key, value) in [(dataKey, storedData), (headerKey, storedHeader)] {
            guard let value, value.utf8.count == 8, UInt32(value, radix: 16) != nil else {
                throw .malformedMetadata(source: source, key: key, reason: "expected eight hexadecimal digits, found \(value.map { "\"\($0)\"" } ?? "nothing")")
            }
        }
        let dataStart = dataStart(of: bytes)
        guard let dataSlot = valueRange(of: dataKey, in: bytes, headerEnd: dataStart),
              let headerSlot = valueRange(of: headerKey, in: bytes, headerEnd: dataStart) else {
            throw .malformedMetadata(source: source, key: headerKey, reason: "the checksums are not written as this program writes them")
        }
        let dataChecksum = CRC32.hex(CRC32.checksum(bytes[dataStart...]))
        guard dataChecksum == storedData?.lowercased() else {
            throw .checksumMismatch(source: source, part: "tensor data", stored: storedData ?? "", computed: dataChecksum)
        }
        var header = Array(bytes[..<dataStart])
        header.replaceSubrange(dataSlot, with: Array(placeholder.utf8))
        header.replaceSubrange(headerSlot, with: Array(placeholder.utf8))
        let headerChecksum = CRC32.hex(CRC32.checksum(header))
        guard headerChecksum == storedHeader?.lowercased() else {
            throw .checksumMismatch(source: source, part: "header and metadata", stored: storedHeader ?? "", computed: headerChecksum)
        }
        return .verified
    }

    /// Where the data section starts (the bytes were validated by `SafeTensors.decode`).
    private static func dataStart(of bytes: [UInt8]) -> Int {
        8 + Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// The 8 bytes of `"key":"xxxxxxxx"`'s value. The pattern with its unescaped quotes cannot occur inside
    /// a JSON string, and a tensor entry's value is an object, so the first match is the metadata's.
    private static func valueRange(of key: String, in bytes: [UInt8], headerEnd: Int) -> Range<Int>? {
        let pattern = Array("\"\(key)\":\"".utf8)
        guard headerEnd - 8 >= pattern.count + 9 else { return nil }
        var index = 8
        while index + pattern.count + 9 <= headerEnd {
            if bytes[index] == pattern[0] && bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                let start = index + pattern.count
                return bytes[start + 8] == UInt8(ascii: "\"") ? start..<(start + 8) : nil
            }
            index += 1
        }
        return nil
    }
}
