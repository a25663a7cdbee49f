/// How the importance-sampling estimator (`FlowDensity.logLikelihood`) uses the threads of `WorkerPool.current`.
///
/// The estimator works in chunks of points, one forward pass of up to `rowsPerPass` rows (points × draws) each, and
/// every chunk draws from its own stream, seeded in chunk order from the caller's generator before any chunk runs.
/// So the estimates are the same whichever threads run the chunks and in which order: with this package's matrix
/// kernel, bit for bit the same for every thread count and every choice here (OpenBLAS' threaded products may
/// differ from its serial ones in the last bits).
public enum EstimatorThreading: String, Sendable, CaseIterable {
    /// Whole rounds of chunks (one per thread) across the threads, in evaluation mode; the chunks left over, or all
    /// of them in training mode, one at a time with their products split. Across chunks every thread runs a whole
    /// forward pass with nothing to wait for, which beat splitting each product on both the MINIBOONE-shaped
    /// LGF-MAF and the small 2-D models (README, Threads).
    case automatic
    /// One chunk at a time, its matrix products and large elementwise passes split over the threads.
    case insideProducts
    /// Every chunk across the threads, each chunk's products on its thread alone, in evaluation mode (in training
    /// mode, as `insideProducts`: batch-norm layers would update their running averages from several threads).
    case acrossChunks
}
