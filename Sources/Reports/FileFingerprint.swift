import Foundation

/// A file's size and modification time: what the report's caches compare to tell whether a checkpoint changed.
struct FileFingerprint: Equatable {
    let bytes: UInt64
    let modified: Double

    /// - Throws: the file system's error when `path` cannot be read.
    init(path: String) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        bytes = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    }
}
