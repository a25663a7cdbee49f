import ArgumentParser
import Foundation
import Datasets
import Checkpoints
import Configurations

/// `lgf`'s exit codes, so scripts and batch schedulers can tell outcomes apart:
///
/// | code | meaning |
/// |---|---|
/// | 0 | success (training completed or stopped early) |
/// | 1 | bad input: a missing or malformed data or configuration file, a bad hyperparameter, not a run folder |
/// | 3 | training diverged: the loss stayed non-finite after the allowed roll-backs (summary.json written) |
/// | 64 | bad command-line usage (swift-argument-parser's validation failures) |
/// | 65 | a damaged run file: checksum mismatch, malformed checkpoint, values no training produces |
/// | 74 | an I/O failure reading or writing a file (full disk, permissions); the message names the file |
/// | 130 | stopped by SIGINT (Ctrl-C) after a completed epoch; `--resume` continues |
/// | 143 | stopped by SIGTERM after a completed epoch; `--resume` continues |
enum LGFExitCode {
    static let diverged: Int32 = 3
    static let damagedRunFile: Int32 = 65
    static let inputOutput: Int32 = 74

    /// The code for an error thrown by a command, or `nil` to let the argument parser decide.
    static func code(for error: Error) -> Int32? {
        switch error {
        case ExperimentError.trainingDiverged: return diverged
        case ExperimentError.corruptRun, ExperimentError.nonFiniteEstimate: return damagedRunFile
        case DatasetError.unwritable, DatasetError.unreadable: return inputOutput
        case let error as CheckpointError:
            switch error {
            case .unwritable, .unreadable: return inputOutput
            case .fileNotFound, .reservedMetadataKey, .duplicateTensorName, .optimizerParameterNotInModel: return nil
            default: return damagedRunFile
            }
        default: return nil
        }
    }
}

extension LGF {
    /// The exit code `lgf` ends with after `error` (see `LGFExitCode`).
    static func exitCode(for error: Error) -> ExitCode {
        if let code = LGFExitCode.code(for: error) { return ExitCode(code) }
        return defaultExitCode(LGF.self, for: error)
    }

    /// Runs the command like `ParsableCommand.main()`, but ends with `exitCode(for:)`'s codes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard let code = LGFExitCode.code(for: error) else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code)
        }
    }
}

/// The argument parser's own code (a generic context reaches its extension, not `LGF`'s shadowing one).
private func defaultExitCode<Command: ParsableCommand>(_ command: Command.Type, for error: Error) -> ExitCode {
    Command.exitCode(for: error)
}
