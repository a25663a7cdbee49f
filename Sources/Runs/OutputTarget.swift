import Foundation
import Configurations

/// A file a command is about to write, checked against the files it must keep: the files it reads and the files of
/// the runs it reads. Writing over one of them would lose it (`lgf sample run -o run/configuration.json` destroyed the
/// run; `lgf evaluate --test-file t.csv --per-point t.csv` replaced the test points by their scores).
public enum OutputTarget {
    /// - Parameters:
    ///   - output: the path the command will write.
    ///   - flag: the option that named it, for the message.
    ///   - kept: the files to keep, each with what it is (e.g. "the test file (--test-file)").
    /// - Throws: `ExperimentError.outputWouldReplace` when `output` is one of them: the same file by device and inode,
    ///   so another spelling of its path, a relative path or a link to it is caught too. A path where nothing is yet
    ///   replaces nothing and passes.
    public static func check(_ output: String, flag: String, keeping kept: [(path: String, role: String)]) throws {
        guard let target = identity(of: output) else { return }
        for file in kept where identity(of: file.path) == target {
            throw ExperimentError.outputWouldReplace(output: output, flag: flag, kept: "\(file.role) \(file.path)")
        }
    }

    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    private static func identity(of path: String) -> Identity? {
        var status = stat()
        guard !path.isEmpty, stat(path, &status) == 0 else { return nil }
        return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}

extension RunFolder {
    /// The files a command that reads this run must not write over: its configuration, metrics, summary, lock and
    /// checkpoints, and the data files its configuration names.
    public func filesToKeep() -> [(path: String, role: String)] {
        var files: [(path: String, role: String)] = [(configurationPath, "the run's configuration"), (metricsPath, "the run's metrics"),
                                                     (summaryPath, "the run's summary"), (lockPath, "the run's lock file")]
        let checkpoints = (try? FileManager.default.contentsOfDirectory(atPath: checkpointsPath)) ?? []
        files += checkpoints.sorted().map { ((checkpointsPath as NSString).appendingPathComponent($0), "a checkpoint of the run") }
        switch (try? readConfigurationIfPresent())?.data {
        case .files(let train, let validation, let test)?:
            files += [(train, "the run's training file")] + [validation.map { ($0, "the run's validation file") },
                                                              test.map { ($0, "the run's test file") }].compactMap { $0 }
        case .imageFile(let path)?: files.append((path, "the run's image file"))
        case .catalogue?, nil: break
        }
        return files
    }
}
