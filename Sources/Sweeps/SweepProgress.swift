/// A sweep's state at one moment, for the progress display.
public struct SweepProgress: Sendable, Equatable {
    public var total: Int
    public var finished: Int
    public var failed: Int
    public var running: Int
    /// Runs held by another process (e.g. training processes of a killed sweep), waited for.
    public var busyElsewhere: Int
    /// Seconds since this sweep started.
    public var elapsed: Double
    /// Estimated seconds to the end (`SweepTimeEstimate`); `nil` until an epoch has been completed.
    public var secondsRemaining: Double?

    public var pending: Int { max(total - finished - failed - running - busyElsewhere, 0) }

    public init(total: Int, finished: Int, failed: Int, running: Int, busyElsewhere: Int, elapsed: Double, secondsRemaining: Double?) {
        self.total = total
        self.finished = finished
        self.failed = failed
        self.running = running
        self.busyElsewhere = busyElsewhere
        self.elapsed = elapsed
        self.secondsRemaining = secondsRemaining
    }
}

/// Receives a sweep's events (the CLI prints them; tests record them).
public protocol SweepLog: AnyObject {
    func sweepDidLaunch(_ run: SweepRun, isResuming: Bool)
    func sweepDidFinish(_ run: SweepRun, outcome: RunOutcome, seconds: Double)
    func sweepDidUpdate(_ progress: SweepProgress)
}
