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
        let (point, epoch, _) = try WritePointSpecification.parse(value, variable: variable, extra: nil)
        return RunFolderHooks(atPoint: { reached, reachedEpoch in
            if reached == point && reachedEpoch == epoch { raise(SIGKILL) }
        })
    }
}

/// `<write point>:<epoch>[:<extra>]`, the form of `LGF_KILL_AT` and `LGF_PAUSE_AT`.
enum WritePointSpecification {
    /// - Parameter extra: what the third part names (`nil`: there is none).
    /// - Throws: `ValidationError` naming the variable, the points it accepts and the form.
    static func parse(_ value: String, variable: String, extra: String?) throws -> (RunWritePoint, Int, String?) {
        let parts = value.split(separator: ":", maxSplits: 2).map(String.init)
        let form = "<point>:<epoch>" + (extra.map { ":<\($0)>" } ?? "")
        guard parts.count == (extra == nil ? 2 : 3), let point = RunWritePoint(rawValue: parts[0]), let epoch = Int(parts[1]), epoch >= 1 else {
            throw ValidationError("\(variable) must be \(form) with a point among \(RunWritePoint.allCases.map(\.rawValue).joined(separator: ", ")) "
                                  + "and an epoch ≥ 1, got \(value)")
        }
        return (point, epoch, parts.count == 3 ? parts[2] : nil)
    }
}
