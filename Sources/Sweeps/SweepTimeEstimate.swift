/// A sweep's time left, from how fast each kind of run has gone so far in this session.
///
/// Runs of one sweep differ in cost by an order of magnitude (a Figure-4 MAF epoch takes 0.44 s, an LGF-MAF epoch
/// 1.9 s), so one rate of epochs for the whole sweep is wrong in proportion to the mix still to come. Here every
/// kind of run (dataset, model and hyperparameter point: the run's id without its seed) has its own rate of wall
/// seconds per epoch, observed while it trained beside the sweep's other jobs, so contention is in the rate. A kind
/// not yet seen takes the rate of its model, then the mean rate of all kinds seen. The work left, in process-seconds,
/// is shared by the jobs that will run it: at most `jobs`, and no more than the runs left. Early stopping makes the
/// figure an upper bound; time a run spends stopped (SIGSTOP) counts as its own.
public struct SweepTimeEstimate: Sendable {
    /// Epochs completed and wall seconds spent on them.
    private struct Tally: Sendable {
        var epochs = 0
        var seconds = 0.0
        var secondsPerEpoch: Double? { epochs > 0 ? seconds / Double(epochs) : nil }
        mutating func add(epochs: Int, seconds: Double) { self.epochs += epochs; self.seconds += seconds }
    }

    private var byKind: [String: Tally] = [:]
    private var byModel: [String: Tally] = [:]
    /// Each observed run's last epoch count and the time it was seen.
    private var marks: [String: (epochs: Int, time: Double)] = [:]

    public init() {}

    /// The run's kind: its dataset, model and hyperparameter point (every seed shares it).
    static func kind(of run: SweepRun) -> String {
        [run.dataset.label, run.model.rawValue, run.configurationLabel].joined(separator: "\u{1F}")
    }

    /// Records that `run`, training, had completed `epochs` epochs at `time` (seconds on one clock). The seconds from
    /// the previous observation of the run count once its epoch count has grown; the first observation only marks.
    public mutating func observe(_ run: SweepRun, epochs: Int, at time: Double) {
        guard let mark = marks[run.id] else {
            marks[run.id] = (epochs, time)
            return
        }
        guard epochs > mark.epochs else { return }
        let seconds = max(time - mark.time, 0)
        byKind[Self.kind(of: run), default: Tally()].add(epochs: epochs - mark.epochs, seconds: seconds)
        byModel[run.model.rawValue, default: Tally()].add(epochs: epochs - mark.epochs, seconds: seconds)
        marks[run.id] = (epochs, time)
    }

    /// Forgets where `run` was (it stopped): its next observation marks afresh, so the time it was not training does
    /// not count as training time.
    public mutating func forget(_ run: SweepRun) { marks[run.id] = nil }

    /// The wall seconds per epoch expected of `run`: its kind's rate, else its model's, else the mean of all kinds';
    /// `nil` before any epoch has been observed.
    func secondsPerEpoch(of run: SweepRun) -> Double? {
        if let rate = byKind[Self.kind(of: run)]?.secondsPerEpoch { return rate }
        if let rate = byModel[run.model.rawValue]?.secondsPerEpoch { return rate }
        let rates = byKind.values.compactMap(\.secondsPerEpoch)
        return rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count)
    }

    /// Seconds until `remaining` (runs not yet ended and the epochs each has left) are done on `jobs` processes:
    /// 0 when no epochs are left, `nil` while no rate is known.
    public func secondsRemaining(_ remaining: [(run: SweepRun, epochs: Int)], jobs: Int) -> Double? {
        let left = remaining.filter { $0.epochs > 0 }
        guard !left.isEmpty else { return 0 }
        var work = 0.0
        for (run, epochs) in left {
            guard let rate = secondsPerEpoch(of: run) else { return nil }
            work += Double(epochs) * rate
        }
        return work / Double(min(max(jobs, 1), left.count))
    }
}
