import Foundation

/// Reads NumPy `.npy` files holding a one- or two-dimensional C-order array of numbers.
///
/// A 1-D array of n elements becomes an n × 1 table and a 2-D array of shape (n, m) an n × m table.
/// Supported element types are `NPYScalarType`'s (`<f4`, `<f8`, `<i4`, `<i8`, `|u1`), widened to
/// `Double`. Big-endian data, Fortran order, more than two dimensions, a bad magic or header and a
/// short file are typed errors, as is any NaN or infinity. Format: NumPy's `numpy.lib.format`
/// (NEP 1, *A simple file format for NumPy arrays*).
public enum NPYReader {
    /// Reads the file at `path`.
    ///
    /// - Returns: a table of `[rows, columns]` without column names.
    /// - Throws: `DatasetError.fileNotFound`, `.unreadable`, `.unsupportedNPYLayout`, `.unsupportedNPYDType`,
    ///   `.truncatedNPY`, `.empty` (no elements) or `.nonFiniteEntry` (with a 1-based row and column).
    public static func read(path: String) throws -> DataTable {
        let contents = try DatasetFiles.read(path)
        return try contents.withUnsafeBytes { try parse($0, path: path) }
    }

    /// Reads `.npy` bytes held in memory; `path` names them in errors.
    public static func read(data: Data, path: String = "data") throws -> DataTable {
        try data.withUnsafeBytes { try parse($0, path: path) }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws -> DataTable {
        let header = try NPYHeader.parse(bytes, path: path)
        guard let scalarType = NPYScalarType(rawValue: header.descr) else {
            throw DatasetError.unsupportedNPYDType(path: path, dtype: header.descr)
        }
        if header.isFortranOrder && header.shape.count > 1 {
            throw DatasetError.unsupportedNPYLayout(
                path: path, reason: "Fortran (column-major) order; save a C-order array, e.g. np.ascontiguousarray(x)")
        }
        let (rowCount, columnCount): (Int, Int)
        switch header.shape.count {
        case 1: (rowCount, columnCount) = (header.shape[0], 1)
        case 2: (rowCount, columnCount) = (header.shape[0], header.shape[1])
        default:
            throw DatasetError.unsupportedNPYLayout(
                path: path, reason: "\(header.shape.count) dimensions (shape \(header.shapeText)); expected 1 or 2")
        }
        let (elementCount, countOverflow) = rowCount.multipliedReportingOverflow(by: columnCount)
        let (byteCount, bytesOverflow) = elementCount.multipliedReportingOverflow(by: scalarType.byteCount)
        guard !countOverflow, !bytesOverflow else {
            throw DatasetError.unsupportedNPYLayout(path: path, reason: "shape \(header.shapeText) is too large")
        }
        guard bytes.count - header.dataOffset >= byteCount else {
            throw DatasetError.truncatedNPY(path: path, expectedBytes: header.dataOffset + byteCount, actualBytes: bytes.count)
        }
        guard elementCount > 0, let base = bytes.baseAddress else { throw DatasetError.empty(path: path) }

        let start = base + header.dataOffset
        let values = [Double](unsafeUninitializedCapacity: elementCount) { buffer, initialized in
            for index in 0 ..< elementCount { buffer[index] = scalarType.load(from: start, index: index) }
            initialized = elementCount
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DatasetError.nonFiniteEntry(path: path, row: bad / columnCount + 1, column: bad % columnCount + 1)
        }
        return DataTable(rowCount: rowCount, columnCount: columnCount, values: values)
    }
}
