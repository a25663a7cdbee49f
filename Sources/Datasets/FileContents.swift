import Foundation

/// Reads whole files for the parsers, turning Foundation's failures into `DatasetError`s.
public enum FileContents {
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
            throw DatasetError.unreadable(path: path, reason: FileContents.reason(of: error))
        }
    }

    /// Writes `data` to `path`, replacing any file there.
    ///
    /// - Throws: `DatasetError.unwritable` with the system's reason.
    static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DatasetError.unwritable(path: path, reason: FileContents.reason(of: error))
        }
    }

    /// The system's reason inside a Foundation error (e.g. "No space left on device"), rather than a
    /// Cocoa domain and code.
    public static func reason(of error: Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
