/// How the importance-sampling estimator (`FlowDensity.logLikelihood`) uses the threads of `WorkerPool.current`.
///
/// The estimator works in chunks of points, one forward pass of up to `rowsPerPass` rows (points × draws) each, and
/// every chunk draws from its own stream, seeded in chunk order from the caller's generator before any chunk runs.
/// So the estimates are the same whichever threads run the chunks and in which order: with this package's matrix
/// kernel, bit for bit the same for every thread count and every choice here (OpenBLAS' threaded products may
/// differ from its serial ones in the last bits).
public enum EstimatorThreading: String, Sendable, CaseIterable {
    /// For vector data, `acrossChunks` when a pass's largest product (rows × the largest weight matrix) is below
    /// `FlowDensity.acrossChunksProductLimit` multiply-adds, `insideProducts` otherwise. Small products split into
    /// parts too short to repay a region (the 2-D models' passes ran faster across chunks); large ones split well,
    /// and one pass at a time holds a pass's memory once instead of once per thread (the MINIBOONE-shaped LGF-MAF
    /// ran as fast or faster with its products split; docs/benchmarks.md, "Thread scaling"). For images, `insideProducts`.
    case automatic
    /// One chunk at a time, its matrix products and large elementwise passes split over the threads.
    case insideProducts
    /// Every chunk across the threads, each chunk's products on its thread alone, in evaluation mode (in training
    /// mode, as `insideProducts`: batch-norm layers would update their running averages from several threads).
    case acrossChunks
}
