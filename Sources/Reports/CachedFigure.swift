import FileSystem
import Foundation
import Checkpoints
import Runs

/// A report figure stored beside the runs it shows (`<run>/evaluations/<name>.png`), with the description of
/// everything it was drawn from (`<name>.key`: the checkpoints' names, sizes and modification times, grid, K,
/// seed, titles), so that a report made again while a sweep goes on redraws only what changed. The density panels
/// and the Figure-2 strips of localised models cost minutes (K importance samples per grid point); a report of
/// the Figure-4 sweep took 10 minutes, nearly all of it drawing figures it had drawn before.
///
/// The PNG is written before its key, each atomically, so a key always describes the PNG beside it; a damaged or
/// missing file means the figure is drawn again.
enum CachedFigure {
    /// Bump when drawing changes in a way the key does not describe, so that old figures are drawn again.
    static let drawingVersion = 1

    /// The PNG of `name` in `folder` if its key matches `key`, else `draw()` stored there.
    /// - Returns: the PNG and whether it came from the cache.
    static func png(in folder: RunFolder, name: String, key: String, draw: () throws -> [UInt8]) throws -> (png: [UInt8], cached: Bool) {
        let directory = (folder.path as NSString).appendingPathComponent("evaluations")
        let pngPath = (directory as NSString).appendingPathComponent(name + ".png")
        let keyPath = (directory as NSString).appendingPathComponent(name + ".key")
        let fullKey = "drawing \(drawingVersion)\n" + key
        if try stored(keyPath).map({ String(decoding: $0, as: UTF8.self) }) == fullKey, let png = try stored(pngPath), !png.isEmpty {
            return (Array(png), true)
        }
        let png = try draw()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try RunFiles.write(png, to: pngPath)
        try RunFiles.write(Array(fullKey.utf8), to: keyPath)
        return (png, false)
    }

    /// The bytes of the cache file at `path`, `nil` when there is none (the figure is drawn then).
    /// - Throws: `CheckpointError.unreadable` when the file is there but cannot be read.
    private static func stored(_ path: String) throws -> Data? {
        do throws(FileSystemError) { return try FileContents.readIfPresent(path) } catch { throw CheckpointError(error) }
    }

    /// One line naming a checkpoint file by its run folder, name, size and modification time.
    static func describe(checkpoint path: String) throws -> String {
        let fingerprint = try FileFingerprint(path: path)
        let components = (path as NSString).pathComponents
        return "\(components.suffix(3).joined(separator: "/")) \(fingerprint.bytes) bytes modified \(fingerprint.modified)"
    }
}
