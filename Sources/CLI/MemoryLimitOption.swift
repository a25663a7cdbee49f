import ArgumentParser
import Configurations

/// `--memory-limit GiB` of the commands that load a run (`evaluate`, `sample`, `report`): what the model and the
/// decoding of image files may take, checked before anything of that size is allocated. `train` and `describe` have
/// the same flag in `ExperimentOptions`, with the same meaning and checks.
struct MemoryLimitOption: ParsableArguments {
    @Option(parsing: .unconditional, help: "GiB the model and the decoding of image files may take (checked before anything is allocated; default 8).")
    var memoryLimit: Double?

    var limits: ResourceLimits { Self.limits(gibibytes: memoryLimit) }

    func validate() throws { try Self.validate(gibibytes: memoryLimit) }

    /// The limit of `gibibytes`, or the standard one when it is not given.
    static func limits(gibibytes: Double?) -> ResourceLimits {
        gibibytes.map { ResourceLimits(maximumBytes: $0 * 1_073_741_824) } ?? .standard
    }

    /// - Throws: `ValidationError` unless `gibibytes` is absent or a positive finite number.
    static func validate(gibibytes: Double?) throws {
        if let gibibytes, !(gibibytes > 0 && gibibytes.isFinite) {
            throw ValidationError("\(ResourceLimits.overrideFlag) must be a positive number of GiB, got \(gibibytes)")
        }
    }
}
