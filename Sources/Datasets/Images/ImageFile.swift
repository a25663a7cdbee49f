import Foundation

/// Reads a file of images whatever its format, recognised by content rather than by name: a `.npy` array of
/// uint8 (magic `\x93NUMPY`), an IDX image file (two zero bytes, then type 0x08), or else CIFAR-10 binary
/// records; each may be gzip-compressed.
public enum ImageFile {
    /// Reads the images at `path`.
    ///
    /// - Parameter limit: the memory a gzip-compressed file may inflate to (the others are no larger than the file).
    /// - Throws: the error of the reader the content selects; `DatasetError.exceedsMemoryLimit`.
    public static func read(path: String, limit: DecodingLimit = .standard) throws -> ImageStack {
        let bytes = try Gzip.decompressedIfNeeded(DatasetFiles.read(path), path: path, limit: limit)
        let prefix = [UInt8](bytes.prefix(6))
        if prefix == [0x93] + Array("NUMPY".utf8) { return try NPYImageReader.parse(bytes, path: path) }
        if prefix.count >= 3, prefix[0] == 0, prefix[1] == 0, prefix[2] == 0x08 {
            return try IDXReader.images(from: IDXReader.parse(bytes, path: path), path: path)
        }
        return try CIFAR10Reader.parse(bytes, path: path).images
    }
}
