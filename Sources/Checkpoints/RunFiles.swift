import FileSystem

/// The file operations of run folders, checkpoints, sweeps and reports (atomic replacement, durable appends,
/// whole-file reads, all in `FileSystem`), with their failures as `CheckpointError`s, which the trainer and
/// the CLI report with their own message and exit code.
package enum RunFiles {
    /// Replaces (or creates) the file at `path` with `bytes` atomically and durably (`AtomicFile`).
    package static func write(_ bytes: [UInt8], to path: String, simulatedError: Int32? = nil) throws(CheckpointError) {
        do throws(FileSystemError) { try AtomicFile.write(bytes, to: path, simulatedError: simulatedError) } catch { throw CheckpointError(error) }
    }

    /// Appends `bytes` to the file at `path`, on disk when this returns (`DurableAppend`).
    package static func append(_ bytes: [UInt8], to path: String, simulatedError: Int32? = nil) throws(CheckpointError) {
        do throws(FileSystemError) { try DurableAppend.append(bytes, to: path, simulatedError: simulatedError) } catch { throw CheckpointError(error) }
    }

    /// The whole file at `path`.
    package static func read(_ path: String) throws(CheckpointError) -> [UInt8] {
        do throws(FileSystemError) { return try FileContents.bytes(path) } catch { throw CheckpointError(error) }
    }
}

extension CheckpointError {
    /// The same failure in checkpoint terms.
    package init(_ error: FileSystemError) {
        switch error {
        case .notFound(let path): self = .fileNotFound(path: path)
        case .unreadable(let path, let reason): self = .unreadable(path: path, reason: reason)
        case .unwritable(let path, let reason): self = .unwritable(path: path, reason: reason)
        case .damaged(let path, let reason): self = .malformedHeader(source: path, reason: reason)
        }
    }
}
