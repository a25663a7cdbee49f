/// The `.npy` element types this module reads, by their NumPy `descr` strings (little-endian or
/// byte-order-free only).
public enum NPYScalarType: String, CaseIterable, Sendable {
    /// 32-bit IEEE float, `<f4`.
    case float32 = "<f4"
    /// 64-bit IEEE float, `<f8`.
    case float64 = "<f8"
    /// 32-bit signed integer, `<i4`.
    case int32 = "<i4"
    /// 64-bit signed integer, `<i8`.
    case int64 = "<i8"
    /// 8-bit unsigned integer, `|u1`.
    case uint8 = "|u1"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .uint8: return 1
        }
    }

    /// The supported `descr` strings, for error messages.
    static var supportedList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Element `index` of little-endian `bytes` of this type, widened to `Double`.
    @inline(__always)
    func load(from bytes: UnsafeRawPointer, index: Int) -> Double {
        switch self {
        case .float64:
            return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
        case .float32:
            return Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))))
        case .int32:
            return Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)))
        case .int64:
            return Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)))
        case .uint8:
            return Double(bytes.load(fromByteOffset: index, as: UInt8.self))
        }
    }
}
