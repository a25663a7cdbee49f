import FileSystem

/// The preamble of a NumPy `.npy` file: format version, element type, memory order and shape.
///
/// Layout (NumPy's `numpy.lib.format`, versions 1.0, 2.0 and 3.0): the magic `\x93NUMPY`, two version
/// bytes, the header length (little-endian `UInt16` in 1.0, `UInt32` in 2.0 and 3.0), then a Python
/// dict literal such as `{'descr': '<f8', 'fortran_order': False, 'shape': (3284, 43), }` padded
/// with blanks and a newline. The data follow at `dataOffset`.
struct NPYHeader: Equatable {
    /// The `descr` entry as written, e.g. `<f8`.
    var descr: String
    var isFortranOrder: Bool
    var shape: [Int]
    /// The byte offset of the first element.
    var dataOffset: Int

    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The shape for a message, e.g. `[3284, 43]`, cut short: a header may declare thousands of dimensions.
    var shapeText: String { MessageText.excerpt("\(shape)", limit: 60) }

    /// Parses the preamble of `bytes`, the whole file at `path`.
    ///
    /// - Throws: `DatasetError.unsupportedNPYLayout` for a bad magic, version or header, and
    ///   `.truncatedNPY` when the file ends inside the preamble.
    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws -> NPYHeader {
        guard bytes.starts(with: magic.prefix(min(magic.count, bytes.count))), bytes.count > 0 else {
            throw DatasetError.unsupportedNPYLayout(path: path, reason: "not a .npy file (the magic string \\x93NUMPY is missing)")
        }
        guard bytes.count >= 10 else {
            throw DatasetError.truncatedNPY(path: path, expectedBytes: 10, actualBytes: bytes.count)
        }
        let (major, minor) = (bytes[6], bytes[7])
        let lengthFieldSize: Int
        switch major {
        case 1: lengthFieldSize = 2
        case 2, 3: lengthFieldSize = 4
        default:
            throw DatasetError.unsupportedNPYLayout(path: path, reason: "format version \(major).\(minor); expected 1.0, 2.0 or 3.0")
        }
        let prefixSize = 8 + lengthFieldSize
        guard bytes.count >= prefixSize else {
            throw DatasetError.truncatedNPY(path: path, expectedBytes: prefixSize, actualBytes: bytes.count)
        }
        let headerLength = (0 ..< lengthFieldSize).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let dataOffset = prefixSize + headerLength
        guard bytes.count >= dataOffset else {
            throw DatasetError.truncatedNPY(path: path, expectedBytes: dataOffset, actualBytes: bytes.count)
        }
        // Versions 1.0 and 2.0 are Latin-1; 3.0 is UTF-8. The keys and values we accept are ASCII either way.
        let text = String(decoding: bytes[prefixSize ..< dataOffset], as: UTF8.self)
        guard case let .dictionary(entries)? = PythonLiteral.parse(text) else {
            throw DatasetError.unsupportedNPYLayout(path: path, reason: "the header is not a Python dict literal")
        }
        guard let descr = entries["descr"] else {
            throw DatasetError.unsupportedNPYLayout(path: path, reason: "the header has no 'descr' entry")
        }
        guard case let .string(descrText) = descr else {
            throw DatasetError.unsupportedNPYDType(path: path, dtype: descr.description)
        }
        guard case let .boolean(isFortranOrder)? = entries["fortran_order"] else {
            throw DatasetError.unsupportedNPYLayout(path: path, reason: "the header has no True/False 'fortran_order' entry")
        }
        guard case let .tuple(dimensions)? = entries["shape"] else {
            throw DatasetError.unsupportedNPYLayout(path: path, reason: "the header has no tuple 'shape' entry")
        }
        var shape = [Int]()
        for (index, dimension) in dimensions.enumerated() {
            guard case let .integer(size) = dimension, size >= 0 else {
                // A shape can be any length: it is quoted cut short, and the dimension at fault named.
                let shown = MessageText.excerpt(PythonLiteral.tuple(dimensions).description, limit: 60)
                let fault = if case .oversizedInteger = dimension { "overflows a 64-bit integer" } else { "is not a size (a whole number ≥ 0)" }
                throw DatasetError.unsupportedNPYLayout(
                    path: path, reason: "shape \(shown): dimension \(index + 1) (\(MessageText.excerpt(dimension.description))) \(fault)")
            }
            shape.append(size)
        }
        return NPYHeader(descr: descrText, isFortranOrder: isFortranOrder, shape: shape, dataOffset: dataOffset)
    }
}
