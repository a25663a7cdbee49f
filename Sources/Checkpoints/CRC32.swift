import CZlib

/// CRC-32 as zlib, PNG and gzip compute it (IEEE 802.3, reflected polynomial 0xEDB88320, initial value and final
/// XOR 0xFFFFFFFF), by zlib's own `crc32_z`, so Python's `zlib.crc32(data)` checks a checkpoint's checksums.
public enum CRC32 {
    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        let result = bytes.withContiguousStorageIfAvailable { checksum(of: UnsafeRawBufferPointer($0)) }
        return result ?? Array(bytes).withUnsafeBytes { checksum(of: $0) }
    }

    private static func checksum(of buffer: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        return UInt32(crc32_z(0, base.assumingMemoryBound(to: Bytef.self), buffer.count))
    }

    /// Eight lowercase hexadecimal digits.
    public static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
