import FileSystem
import Foundation

/// Whole-file reads and atomic writes for the parsers and writers (`FileSystem`), with failures as
/// `DatasetError`s.
enum DatasetFiles {
    /// The bytes of the file at `path`, memory-mapped where the platform allows.
    /// - Throws: `DatasetError.fileNotFound` when nothing is at `path`, `.unreadable` for a directory or an I/O
    ///   failure.
    static func read(_ path: String) throws(DatasetError) -> Data {
        do throws(FileSystemError) {
            return try FileContents.read(path)
        } catch {
            switch error {
            case .notFound: throw .fileNotFound(path: path, requirement: nil)
            case .unreadable(_, let reason), .damaged(_, let reason), .unwritable(_, let reason): throw .unreadable(path: path, reason: reason)
            }
        }
    }

    /// Replaces (or creates) the file at `path` with `data`, atomically and durably.
    /// - Throws: `DatasetError.unwritable` with the failing step and the system's reason.
    static func write(_ data: Data, to path: String) throws(DatasetError) {
        do throws(FileSystemError) { try AtomicFile.write([UInt8](data), to: path) } catch { throw .unwritable(path: path, reason: error.reason) }
    }
}
