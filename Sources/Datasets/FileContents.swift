import Foundation

/// Reads whole files for the parsers, turning Foundation's failures into `DatasetError`s.
enum FileContents {
    /// The bytes of the file at `path`, memory-mapped where the platform allows.
    ///
    /// - Throws: `DatasetError.fileNotFound` when nothing is at `path`, `.unreadable` for a directory
    ///   or an I/O failure.
    static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError.fileNotFound(path: path, requirement: nil)
        }
        guard !isDirectory.boolValue else {
            throw DatasetError.unreadable(path: path, reason: "it is a directory")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// Writes `data` to `path`, replacing any file there.
    ///
    /// - Throws: `DatasetError.unwritable` with the system's reason.
    static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DatasetError.unwritable(path: path, reason: error.localizedDescription)
        }
    }
}
