import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old contents or the complete new ones.
enum AtomicFileWriter {
    /// Writes `bytes` to a hidden temporary file next to `path`, then renames it onto `path`.
    ///
    /// rename(2) within one directory is atomic on POSIX file systems; on any failure the temporary
    /// file is removed before the error is thrown.
    ///
    /// - Throws: ``PlotError/cannotWriteFile(path:reason:)`` with the system's explanation.
    static func write(_ bytes: [UInt8], to path: String) throws(PlotError) {
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary, options: .withoutOverwriting)
        } catch {
            removeIfPresent(temporary)
            throw .cannotWriteFile(path: path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            removeIfPresent(temporary)
            throw .cannotWriteFile(path: path, reason: "cannot move the temporary file into place: \(reason)")
        }
    }

    /// Deletes a leftover temporary file; a failure here must not mask the error being reported.
    private static func removeIfPresent(_ file: URL) {
        _ = unlink(file.path)
    }
}
