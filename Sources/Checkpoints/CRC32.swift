/// CRC-32 as zlib, PNG and gzip compute it (IEEE 802.3, reflected polynomial 0xEDB88320, initial value
/// and final XOR 0xFFFFFFFF), so Python's `zlib.crc32(data)` checks a checkpoint's checksums.
/// Slicing-by-8 tables: eight bytes per step, so checking a checkpoint costs little beside reading it.
public struct CRC32: Sendable {
    /// `tables[k][b]`: the CRC contribution of byte `b` followed by `k` zero bytes.
    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            tables[0][byte] = crc
        }
        for byte in 0..<256 {
            for k in 1..<8 { tables[k][byte] = (tables[k - 1][byte] >> 8) ^ tables[0][Int(tables[k - 1][byte] & 0xFF)] }
        }
        return tables
    }()

    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of everything fed so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// Feeds `bytes`.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let tables = CRC32.tables
        var crc = state
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            var index = 0
            let count = buffer.count
            while index + 8 <= count {
                let low = crc ^ (UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8 | UInt32(buffer[index + 2]) << 16 | UInt32(buffer[index + 3]) << 24)
                crc = tables[7][Int(low & 0xFF)] ^ tables[6][Int((low >> 8) & 0xFF)] ^ tables[5][Int((low >> 16) & 0xFF)] ^ tables[4][Int(low >> 24)]
                    ^ tables[3][Int(buffer[index + 4])] ^ tables[2][Int(buffer[index + 5])] ^ tables[1][Int(buffer[index + 6])] ^ tables[0][Int(buffer[index + 7])]
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ tables[0][Int((crc ^ UInt32(buffer[index])) & 0xFF)]
                index += 1
            }
        }
        if handled == nil {
            for byte in bytes { crc = (crc >> 8) ^ tables[0][Int((crc ^ UInt32(byte)) & 0xFF)] }
        }
        state = crc
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// Eight lowercase hexadecimal digits.
    public static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
