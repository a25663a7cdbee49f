/// What `ConvBenchmark` measured of one convolution algorithm (`ConvolutionAlgorithm`): medians of each pass of the
/// 3 × 3 layer alone and of the coupler network's training step.
public struct ConvAlgorithmFigures: Codable, Sendable {
    /// A median by wall clock and by process CPU time (all threads), in milliseconds.
    public struct Timing: Codable, Sendable {
        public var wallMilliseconds: Double
        public var cpuMilliseconds: Double

        init(wall: Double, cpu: Double) {
            (wallMilliseconds, cpuMilliseconds) = (wall * 1e3, cpu * 1e3)
        }

        /// The rate of `flops` floating-point operations done in this time, GFLOP/s (wall, CPU).
        public func gflops(_ flops: Double) -> (wall: Double, cpu: Double) {
            (flops / wallMilliseconds / 1e6, flops / cpuMilliseconds / 1e6)
        }
    }

    /// y from x, without recording a graph.
    public var forward: Timing
    /// The backward pass computing the input's gradient alone (the weight not differentiated).
    public var inputGradient: Timing
    /// The backward pass computing the weight's gradient alone (the input not differentiated).
    public var weightGradient: Timing
    /// One coupler training step: forward, sum-of-squares loss, backward, Adam.
    public var couplerStep: Timing
    /// The last coupler step's loss (finite when training worked).
    public var finalLoss: Double
}
