import Foundation

/// Reads whole files, telling a missing file from an unreadable one.
package enum FileContents {
    /// The bytes of the file at `path`, memory-mapped where the platform allows (large data files are paged in
    /// as the parsers reach them instead of copied up front).
    /// - Throws: `FileSystemError.notFound` when nothing is at `path`, `.unreadable` for a directory or an I/O
    ///   failure, with the system's reason.
    package static func read(_ path: String) throws(FileSystemError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory, expected a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: reason(of: error))
        }
    }

    /// The contents of the file at `path` as bytes (`read`, copied out of the mapping).
    package static func bytes(_ path: String) throws(FileSystemError) -> [UInt8] {
        [UInt8](try read(path))
    }

    /// The system's reason inside a Foundation error (e.g. "No space left on device"), rather than a Cocoa domain
    /// and code.
    package static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
