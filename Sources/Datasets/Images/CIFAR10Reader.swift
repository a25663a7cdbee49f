import Foundation
import FileSystem

/// Reads the CIFAR-10 binary batches (Krizhevsky, *Learning Multiple Layers of Features from Tiny Images*,
/// 2009): records of 3,073 bytes, one label byte (0–9) then 1,024 red, 1,024 green and 1,024 blue pixels of a
/// 32 × 32 image in row order, with no file header.
public enum CIFAR10Reader {
    /// Bytes per record: the label and 3 × 32 × 32 pixels.
    public static let recordSize = 1 + 3 * 32 * 32

    /// Reads one batch file (plain or gzip-compressed).
    ///
    /// - Returns: the images, `[count, 3, 32, 32]`, and their labels.
    /// - Throws: `DatasetError.fileNotFound`, `.unreadable`, `.corruptCompression`, or `.malformedImageFile`
    ///   for an empty file, a size that is not a whole number of records, or a label outside 0–9 (with the
    ///   record's number).
    public static func read(path: String) throws -> (images: ImageStack, labels: [UInt8]) {
        try parse(Gzip.decompressedIfNeeded(DatasetFiles.read(path), path: path), path: path)
    }

    /// Parses uncompressed batch bytes; `path` names them in errors.
    static func parse(_ data: Data, path: String) throws -> (images: ImageStack, labels: [UInt8]) {
        let bytes = [UInt8](data)
        func malformed(_ reason: String) -> DatasetError { .malformedImageFile(path: path, format: "CIFAR-10 binary", reason: reason) }
        guard !bytes.isEmpty else { throw malformed("the file is empty") }
        guard bytes.count % recordSize == 0 else {
            throw malformed("\(MessageText.count(bytes.count, "byte")) is not a whole number of \(recordSize)-byte records (\(MessageText.count(bytes.count / recordSize, "record")) and \(MessageText.count(bytes.count % recordSize, "byte")) left over)")
        }
        let count = bytes.count / recordSize
        var labels = [UInt8](repeating: 0, count: count)
        var pixels = [UInt8](repeating: 0, count: count * (recordSize - 1))
        for record in 0 ..< count {
            let label = bytes[record * recordSize]
            guard label < 10 else { throw malformed("record \(record + 1) has label \(label); expected 0 to 9") }
            labels[record] = label
            let source = record * recordSize + 1
            pixels.replaceSubrange(record * (recordSize - 1) ..< (record + 1) * (recordSize - 1),
                                   with: bytes[source ..< source + recordSize - 1])
        }
        return (ImageStack(count: count, channels: 3, height: 32, width: 32, pixels: pixels), labels)
    }
}
