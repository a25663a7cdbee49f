import Foundation
import FileSystem

/// Reads IDX files, the format of MNIST and Fashion-MNIST (LeCun et al., "The MNIST database"), plain or
/// gzip-compressed (recognised by the gzip magic number, not by the file name).
///
/// Layout: two zero bytes, a type byte (0x08 = unsigned byte, the only type image and label files use), the
/// number of dimensions, then one big-endian `UInt32` extent per dimension and the data in C order. An image
/// file (magic 0x00000803) holds `[count, rows, columns]`; a label file (0x00000801) holds `[count]`.
public enum IDXReader {
    /// An IDX array of unsigned bytes.
    public struct Array: Equatable, Sendable {
        /// The extents, outermost first.
        public var shape: [Int]
        /// The elements in C order.
        public var values: [UInt8]
    }

    /// Reads the IDX file at `path` (gzip or plain).
    ///
    /// - Throws: `DatasetError.fileNotFound`, `.unreadable`, `.corruptCompression`, or `.malformedImageFile`
    ///   naming what the header promised and what the file holds.
    public static func read(path: String) throws -> Array {
        try parse(Gzip.decompressedIfNeeded(DatasetFiles.read(path), path: path), path: path)
    }

    /// Reads an image file (`[count, height, width]`) as a one-channel stack.
    ///
    /// - Throws: as `read(path:)`, and `.malformedImageFile` when the array is not three-dimensional.
    public static func readImages(path: String) throws -> ImageStack {
        try images(from: read(path: path), path: path)
    }

    /// The one-channel stack an IDX image array holds; `path` names it in errors.
    static func images(from array: Array, path: String) throws -> ImageStack {
        guard array.shape.count == 3 else {
            throw DatasetError.malformedImageFile(
                path: path, format: "IDX", reason: "expected an image file of 3 dimensions [count, rows, columns], found \(array.shape.count) (shape \(array.shape))")
        }
        guard array.shape[1] > 0, array.shape[2] > 0 else {
            throw DatasetError.malformedImageFile(path: path, format: "IDX", reason: "images of \(array.shape[1]) × \(array.shape[2]) pixels")
        }
        return ImageStack(count: array.shape[0], channels: 1, height: array.shape[1], width: array.shape[2], pixels: array.values)
    }

    /// Reads a label file (`[count]`).
    ///
    /// - Throws: as `read(path:)`, and `.malformedImageFile` when the array is not one-dimensional.
    public static func readLabels(path: String) throws -> [UInt8] {
        let array = try read(path: path)
        guard array.shape.count == 1 else {
            throw DatasetError.malformedImageFile(
                path: path, format: "IDX", reason: "expected a label file of 1 dimension, found \(array.shape.count) (shape \(array.shape))")
        }
        return array.values
    }

    /// Parses IDX bytes; `path` names them in errors.
    static func parse(_ bytes: Data, path: String) throws -> Array {
        let bytes = [UInt8](bytes)
        func malformed(_ reason: String) -> DatasetError { .malformedImageFile(path: path, format: "IDX", reason: reason) }
        guard bytes.count >= 4 else { throw malformed("the file holds \(MessageText.count(bytes.count, "byte")), fewer than the 4-byte magic number") }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let magic = bytes[0 ..< 4].map { String(format: "%02x", $0) }.joined()
            throw malformed("not an IDX file: its magic number is 0x\(magic), expected 0x000008NN")
        }
        guard bytes[2] == 0x08 else {
            throw malformed("element type 0x\(String(format: "%02x", bytes[2])); only unsigned bytes (0x08) are supported")
        }
        let rank = Int(bytes[3])
        guard (1 ... 4).contains(rank) else { throw malformed("\(MessageText.count(rank, "dimension")); expected 1 to 4") }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw malformed("truncated header: \(MessageText.count(rank, "dimension")) need \(headerSize) header bytes, the file holds \(bytes.count)")
        }
        var shape: [Int] = []
        var elementCount = 1
        for axis in 0 ..< rank {
            let offset = 4 + 4 * axis
            let extent = bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
            shape.append(extent)
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw malformed("shape \(shape) is too large") }
            elementCount = product
        }
        guard bytes.count - headerSize == elementCount else {
            let verb = bytes.count - headerSize < elementCount ? "truncated" : "too long"
            throw malformed("\(verb): shape \(shape) needs \(elementCount) data bytes after the header, the file holds \(bytes.count - headerSize)")
        }
        return Array(shape: shape, values: elementCount == 0 ? [] : Swift.Array(bytes[headerSize...]))
    }
}
