import Foundation

/// Reads one table of numbers from a file by its extension: `.npy` (NumPy), delimited text (`.csv`,
/// `.tsv`, `.txt`, `.dat`), and either of them gzip-compressed (`.csv.gz`, `.npy.gz`, …).
public enum TableFile {
    /// Reads the table at `path`.
    ///
    /// - Throws: `DatasetError.unsupportedFileExtension`; the reader's errors (naming `path`, and the line
    ///   and column for text); `.corruptCompressedFile` for a damaged `.gz` file.
    public static func read(path: String, header: CSVHeader = .detect) throws -> DataTable {
        var name = URL(fileURLWithPath: path)
        let isCompressed = name.pathExtension.lowercased() == "gz"
        if isCompressed { name.deletePathExtension() }
        let format = name.pathExtension.lowercased()
        guard format == "npy" || ["csv", "tsv", "txt", "dat"].contains(format) else {
            throw DatasetError.unsupportedFileExtension(path: path)
        }
        guard isCompressed else {
            return format == "npy" ? try NPYReader.read(path: path).requiringFloatRange(source: path) : try CSVReader.read(path: path, header: header)
        }
        let bytes = try GzipDecoder.decompress(try DatasetFiles.read(path), path: path)
        return format == "npy" ? try NPYReader.read(data: bytes, path: path).requiringFloatRange(source: path)
                               : try CSVReader.read(data: bytes, source: path, header: header)
    }

    /// Writes `table` by the extension of `path`: `.npy` (float32), else CSV with a header; gzip-compressed
    /// when `path` ends in `.gz`.
    ///
    /// - Throws: `DatasetError.unwritable` naming `path`.
    public static func write(_ table: DataTable, to path: String) throws {
        var name = URL(fileURLWithPath: path)
        let isCompressed = name.pathExtension.lowercased() == "gz"
        if isCompressed { name.deletePathExtension() }
        let bytes = name.pathExtension.lowercased() == "npy"
            ? NPYWriter.data(of: table, precision: .float32)
            : Data(CSVWriter.text(of: table).utf8)
        try DatasetFiles.write(isCompressed ? try GzipEncoder.compress(bytes, path: path) : bytes, to: path)
    }
}
