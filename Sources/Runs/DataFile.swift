import Foundation
import Datasets

/// Reading and writing one table of points by the file's extension: `.npy`, or CSV-like text (read also gzip-compressed).
public enum DataFile {
    /// - Throws: `DatasetError` naming the file (and line and column for text files).
    public static func read(path: String) throws -> DataTable {
        try TableFile.read(path: path)
    }

    /// Writes `.npy` (float32) for a `.npy` path, CSV with a header otherwise; gzip-compressed when the path
    /// ends in `.gz` (`samples.csv.gz`, `points.npy.gz`).
    public static func write(_ table: DataTable, to path: String) throws {
        try TableFile.write(table, to: path)
    }
}
