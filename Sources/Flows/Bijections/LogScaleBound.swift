import Tensors

/// An opt-in soft clamp of log-scales, s ↦ c · tanh(s / c), which keeps |s| < c while leaving small values
/// almost unchanged. Off by default everywhere: the paper's tabular and 2-D models have no clamp
/// (Cornish et al. 2020, Appendix D); it is offered against the NaN losses unbounded scales can cause, the failure
/// users of flow libraries report most often.
public struct LogScaleBound: Sendable, Codable, Equatable {
    /// c > 0.
    public let limit: Double

    public init(limit: Double) {
        require(limit > 0, "LogScaleBound: limit must be positive, got \(limit)")
        self.limit = limit
    }

    /// Applies the clamp.
    public func callAsFunction(_ logScale: Tensor) -> Tensor { (logScale / limit).tanh() * limit }
}
