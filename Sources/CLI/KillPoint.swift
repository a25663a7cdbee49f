import ArgumentParser
import Foundation
import Runs

/// `LGF_KILL_AT=<write point>:<epoch>` (e.g. `after-metrics-line:2`): a fault-injection aid for tests and
/// for checking a file system, read only by `lgf train`. The process sends itself SIGKILL at that point of
/// that epoch (see `RunWritePoint`), leaving the run folder exactly as a real kill there would.
enum KillPoint {
    static let variable = "LGF_KILL_AT"

    /// The hooks the environment asks for, or `nil` when the variable is unset.
    /// - Throws: `ValidationError` naming the variable and the points it accepts.
    static func hooks(from environment: [String: String]) throws -> RunFolderHooks? {
        guard let value = environment[variable] else { return nil }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let point = RunWritePoint(rawValue: String(parts[0])), let epoch = Int(parts[1]), epoch >= 1 else {
            throw ValidationError("\(variable) must be <point>:<epoch> with a point among \(RunWritePoint.allCases.map(\.rawValue).joined(separator: ", ")) "
                                  + "and an epoch ≥ 1, got \(value)")
        }
        return RunFolderHooks(atPoint: { reached, reachedEpoch in
            if reached == point && reachedEpoch == epoch { raise(SIGKILL) }
        })
    }
}
