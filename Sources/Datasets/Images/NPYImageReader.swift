import Foundation

/// Reads a user's images from a NumPy `.npy` file (plain or gzip-compressed) holding unsigned bytes (`|u1`)
/// of shape `(N, C, H, W)`, or `(N, H, W)` for one channel: the layout of `np.save("x.npy", images)` for a
/// PyTorch-style uint8 array.
public enum NPYImageReader {
    /// Reads the images at `path`.
    ///
    /// - Throws: `DatasetError.fileNotFound`, `.unreadable`, `.corruptCompression`, `.truncatedNPY`,
    ///   `.unsupportedNPYLayout` for a bad header or Fortran order, and `.malformedImageFile` for another element
    ///   type or rank, or an empty extent.
    public static func read(path: String) throws -> ImageStack {
        try parse(Gzip.decompressedIfNeeded(DatasetFiles.read(path), path: path), path: path)
    }

    /// Parses uncompressed `.npy` bytes; `path` names them in errors.
    static func parse(_ data: Data, path: String) throws -> ImageStack {
        try data.withUnsafeBytes { bytes -> ImageStack in
            let header = try NPYHeader.parse(bytes, path: path)
            func malformed(_ reason: String) -> DatasetError { .malformedImageFile(path: path, format: ".npy images", reason: reason) }
            guard header.descr == NPYScalarType.uint8.rawValue else {
                throw malformed("element type \"\(header.descr)\"; expected unsigned bytes \"|u1\" (np.uint8) with pixel values 0-255")
            }
            if header.isFortranOrder && header.shape.count > 1 {
                throw DatasetError.unsupportedNPYLayout(path: path, reason: "Fortran (column-major) order; save a C-order array, e.g. np.ascontiguousarray(x)")
            }
            let shape: [Int]
            switch header.shape.count {
            case 3: shape = [header.shape[0], 1, header.shape[1], header.shape[2]]
            case 4: shape = header.shape
            default:
                throw malformed("shape \(header.shapeText); expected (N, C, H, W) or (N, H, W)")
            }
            guard shape.dropFirst().allSatisfy({ $0 > 0 }), shape[0] > 0 else { throw malformed("shape \(header.shapeText) has an empty extent") }
            let (count, overflow) = shape.reduce((1, false)) { partial, extent in
                let (product, overflowed) = partial.0.multipliedReportingOverflow(by: extent)
                return (product, partial.1 || overflowed)
            }
            guard !overflow else { throw malformed("shape \(header.shapeText) is too large") }
            guard bytes.count - header.dataOffset >= count else {
                throw DatasetError.truncatedNPY(path: path, expectedBytes: header.dataOffset + count, actualBytes: bytes.count)
            }
            let pixels = [UInt8](bytes[header.dataOffset ..< header.dataOffset + count])
            return ImageStack(count: shape[0], channels: shape[1], height: shape[2], width: shape[3], pixels: pixels)
        }
    }
}
