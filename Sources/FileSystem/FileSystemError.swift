/// Why a file could not be read or written, in the words the system gave.
///
/// `Datasets`, `Plots`, `Checkpoints` and the layers above each turn it into their own error (`DatasetError`,
/// `PlotError`, `CheckpointError`, …), whose messages and exit codes users see; this type only carries the facts.
package enum FileSystemError: Error, Equatable, Sendable {
    /// Nothing is at `path` (or a directory on the way is missing).
    case notFound(path: String)
    /// Something is at `path` but cannot be read: a directory, a permission, an I/O error.
    case unreadable(path: String, reason: String)
    /// The file reads, but does not hold what it should (not valid JSON, or JSON of another shape): damaged or
    /// edited.
    case damaged(path: String, reason: String)
    /// `path` cannot be written: the failing step and the system's reason ("No space left on device").
    case unwritable(path: String, reason: String)
}

extension FileSystemError {
    /// The path the failure is about.
    package var path: String {
        switch self {
        case .notFound(let path), .unreadable(let path, _), .damaged(let path, _), .unwritable(let path, _): path
        }
    }

    /// What went wrong, without the path: "no file is there", or the failing step and the system's reason.
    package var reason: String {
        switch self {
        case .notFound: "no file is there"
        case .unreadable(_, let reason), .damaged(_, let reason), .unwritable(_, let reason): reason
        }
    }
}
