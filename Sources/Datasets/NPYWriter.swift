import Foundation

/// Writes a `DataTable` as a NumPy `.npy` file (format version 1.0, C order, 2-D shape).
///
/// The header matches NumPy 2's byte for byte: the dict in sorted key order, blank room for the
/// first axis to grow to 21 digits, and padding so that the data start on a 64-byte boundary.
public enum NPYWriter {
    /// The floating-point width of the written elements.
    public enum Precision: Sendable {
        /// `<f4`: values are rounded to `Float`.
        case float32
        /// `<f8`: values are written exactly.
        case float64

        var scalarType: NPYScalarType { self == .float32 ? .float32 : .float64 }
    }

    /// The bytes of a `.npy` file holding `table` as a `[rowCount, columnCount]` array.
    public static func data(of table: DataTable, precision: Precision = .float64) -> Data {
        let scalarType = precision.scalarType
        var header = "{'descr': '\(scalarType.rawValue)', 'fortran_order': False, 'shape': (\(table.rowCount), \(table.columnCount)), }"
        // NumPy leaves room for the growth axis (the first, in C order) to reach 21 digits.
        header += String(repeating: " ", count: max(0, 21 - String(table.rowCount).count))
        let unpaddedLength = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: 64 - unpaddedLength % 64) + "\n"

        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)])
        data.append(contentsOf: Array(header.utf8))
        switch precision {
        case .float64:
            table.values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
        case .float32:
            table.values.map { Float($0).bitPattern.littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Writes `table` to `path`, replacing any file there.
    ///
    /// - Throws: `DatasetError.unwritable` when the file cannot be written.
    public static func write(_ table: DataTable, to path: String, precision: Precision = .float64) throws {
        try DatasetFiles.write(data(of: table, precision: precision), to: path)
    }
}
