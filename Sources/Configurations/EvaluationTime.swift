import FileSystem

/// How long K × points passes of a model take at least, estimated from its size before anything runs, so that an
/// evaluation or a training run's per-epoch validation that would take hours (`--validation-samples 999999999`) is
/// refused with the estimate instead of running silently for hours.
///
/// The estimate is a lower bound: two multiply-adds per parameter per pass (a forward pass through every network)
/// at `multiplyAddsPerSecond`, optimistic for one core, so what is refused takes at least the estimate.
public enum EvaluationTime {
    /// Multiply-adds per second assumed: float32 AVX-512 on one core at its peak, more than a run ever attains.
    public static let multiplyAddsPerSecond = 2e10
    /// The longest a single evaluation (or one epoch's validation) may be estimated to take without the override.
    public static let limitSeconds = 3600.0
    /// The CLI flag that allows a longer one.
    public static let overrideFlag = "--allow-long-evaluation"

    /// The estimated seconds of `points` points with `importanceSamples` draws each (one pass each for exact models).
    public static func seconds(_ configuration: ExperimentConfiguration, importanceSamples: Int, points: Int) -> Double {
        let passes = Double(points) * (configuration.model.kind.isLocalised ? Double(max(importanceSamples, 1)) : 1)
        return 2 * ResourceEstimate(configuration).parameters * passes / multiplyAddsPerSecond
    }

    /// - Parameter what: the computation, for the message (e.g. "each epoch's validation").
    /// - Throws: `ExperimentError.tooLong` when the estimate passes `limitSeconds`.
    public static func check(_ configuration: ExperimentConfiguration, importanceSamples: Int, points: Int, what: String) throws {
        let estimate = seconds(configuration, importanceSamples: importanceSamples, points: points)
        guard estimate <= limitSeconds else {
            throw ExperimentError.tooLong(what: "\(what) (\(MessageText.count(points, "point")) × K = \(importanceSamples) importance samples, "
                                          + "\(ResourceLimits.count(ResourceEstimate(configuration).parameters)) parameters)",
                                          hours: estimate / 3600, override: overrideFlag)
        }
    }
}
