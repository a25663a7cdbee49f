import Foundation
import Synchronization

/// A few persistent threads that run the parts of one operation together with the calling thread.
///
/// `run(parts:_:)` calls `body(part)` once for every part in `0..<parts`, on the calling thread and on up to
/// `threadCount − 1` helper threads, and returns when every part is done. Parts are claimed one at a time from an
/// atomic counter, so a helper that wakes late simply takes fewer of them. An operation stays deterministic for every
/// thread count when each part writes only its own outputs and the parts' boundaries do not depend on the thread
/// count (`Tensor.conv2d` splits by images; its weight gradient sums fixed per-part partials in part order).
///
/// Helpers are created once and reused (no thread per operation: Dispatch per operation measured slower than serial
/// on this kind of VM). After a region a helper spins for `spinSeconds` (yielding its core every 256 checks), then
/// sleeps on a condition variable: waking a sleeping vCPU costs milliseconds here, and a late helper means the caller
/// does more of the parts. A training step opens a region every 0.5 ms or so, with serial work in between; with 0.2 ms
/// of spin the helper missed 1.6–13 % of the MINIBOONE-shaped LGF-MAF step's regions, and two threads gave a median
/// 1.51× one thread's samples per second (five pairs, 1.39–1.95×); with 2 to 20 ms it missed 0.02–0.5 % and gave 1.76×
/// (ten pairs, 1.56–1.96×), and the 2-D LGF-MAF step went from 1.07× to 1.24× (idle AMD EPYC Zen 4, our AVX-512
/// kernel). Hence `defaultSpinSeconds`, 5 ms; on an oversubscribed core the yields hand most of the spin away. One region
/// runs at a time; a caller that finds the pool busy (another thread's region, or a part that itself calls `run`)
/// runs its parts itself, serially. `WorkerPool.current` (task-local, `shared` by default) is the pool operations
/// use; `BLAS.threadCount` sets the shared pool's width. Inside a region's parts, on the caller and on the helpers,
/// `current` is `serial`: an operation a part calls (a product inside one of conv2d's parts) runs on that part's
/// thread alone, so nested use never multiplies the threads, whichever pool it would have used.
public final class WorkerPool: Sendable {
    /// The process-wide pool, one thread (the caller's) until `BLAS.threadCount` or `threadCount` raises it.
    public static let shared = WorkerPool(threadCount: 1)

    /// A pool that runs every region on the calling thread alone: `current` inside a region's parts.
    public static let serial = WorkerPool(threadCount: 1)

    /// The pool operations run their parts on: `shared` unless a scope chose another (`withCurrent`).
    @TaskLocal public static var current: WorkerPool = .shared

    private let core: WorkerPoolCore

    /// How long a helper spins for the next region before it sleeps (see the type's description).
    public static let defaultSpinSeconds = 5e-3

    /// A pool running regions on `threadCount` threads: the caller and `threadCount − 1` helpers, each spinning
    /// `spinSeconds` after a region before it sleeps.
    public init(threadCount: Int, spinSeconds: Double = WorkerPool.defaultSpinSeconds) {
        core = WorkerPoolCore(spinSeconds: spinSeconds)
        self.threadCount = threadCount
    }

    deinit { core.stop() }

    /// The threads a region runs on, the caller included (at least 1). Raising it starts helpers; lowering it
    /// leaves the surplus ones asleep.
    public var threadCount: Int {
        get { core.width.load(ordering: .relaxed) }
        set { core.setWidth(Swift.max(1, newValue)) }
    }

    /// Calls `body(part)` for every part in `0..<parts` across the pool's threads and returns when all are done.
    /// `body` must be safe to run concurrently for different parts.
    public func run(parts: Int, _ body: (Int) -> Void) {
        core.run(parts: parts, body)
    }

    /// Runs `body` with this pool as `WorkerPool.current` (for the calling task only).
    public func withCurrent<Result>(_ body: () throws -> Result) rethrows -> Result {
        try WorkerPool.$current.withValue(self) { try body() }
    }
}

/// The state the helpers share with callers; the helpers hold this, not the `WorkerPool`, so that a pool that is no
/// longer referenced can stop them.
///
/// `@unchecked Sendable`: `job` and `partCount` are written only by the caller that holds `regionLock`, before the
/// release-store of `state` that opens a region, and read by helpers only after an acquire-load of that `state` and
/// before they report through `departed`, which the caller waits for before clearing them; `helperCount` is
/// guarded by `condition`.
final class WorkerPoolCore: @unchecked Sendable {
    /// `state` packs the region's generation (bits 21…), a closed flag (bit 20) and the helpers that joined (bits 0…19).
    private static let closedBit = 1 << 20
    private static let generationUnit = 1 << 21
    private static let joinedMask = closedBit - 1

    let width = Atomic<Int>(1)
    private let state = Atomic<Int>(0)
    private let nextPart = Atomic<Int>(0)
    private let departed = Atomic<Int>(0)
    /// Set by `stop()` before it wakes the sleeping helpers; read by spinning ones too, so they leave at once.
    private let stopped = Atomic<Bool>(false)
    private let regionLock = NSLock()
    private let condition = NSCondition()
    private let spinSeconds: Double
    private var job: ((Int) -> Void)?
    private var partCount = 0
    private var helperCount = 0

    init(spinSeconds: Double) { self.spinSeconds = spinSeconds }

    func setWidth(_ newWidth: Int) {
        width.store(newWidth, ordering: .relaxed)
        condition.lock()
        defer { condition.unlock() }
        while helperCount < newWidth - 1 {
            let index = helperCount
            let thread = Thread { [self] in helperLoop(index: index) }
            thread.name = "WorkerPool helper \(index + 1)"
            thread.start()
            helperCount += 1
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    func run(parts: Int, _ body: (Int) -> Void) {
        guard parts > 1, width.load(ordering: .relaxed) > 1, regionLock.try() else {
            for part in 0..<parts { body(part) }
            return
        }
        defer { regionLock.unlock() }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            partCount = parts
            nextPart.store(0, ordering: .relaxed)
            departed.store(0, ordering: .relaxed)
            let generation = state.load(ordering: .relaxed) / Self.generationUnit + 1
            state.store(generation * Self.generationUnit, ordering: .releasing)
            condition.lock()
            condition.broadcast()
            condition.unlock()
            runPartsSerially(escapable, parts)
            // Close the region: helpers that have not joined yet stay out, those that did are waited for.
            var current = state.load(ordering: .acquiring)
            while true {
                let (exchanged, original) = state.compareExchange(expected: current, desired: current | Self.closedBit,
                                                                  ordering: .acquiringAndReleasing)
                if exchanged { break }
                current = original
            }
            let joined = current & Self.joinedMask
            // Wait for the helpers that joined; after a short spin, yielding the core: on a machine with more runnable
            // threads than cores a helper may have been preempted inside its part, and spinning would keep it waiting.
            var spins = 0
            while departed.load(ordering: .acquiring) < joined {
                spins += 1
                if spins > 4_096 { sched_yield() }
            }
            job = nil
        }
    }

    /// `runParts` with `WorkerPool.serial` as the current pool, so that what the parts call does not split again.
    private func runPartsSerially(_ body: (Int) -> Void, _ parts: Int) {
        WorkerPool.$current.withValue(WorkerPool.serial) { runParts(body, parts) }
    }

    private func runParts(_ body: (Int) -> Void, _ parts: Int) {
        while true {
            let part = nextPart.wrappingAdd(1, ordering: .relaxed).oldValue
            if part >= parts { return }
            body(part)
        }
    }

    private func helperLoop(index: Int) {
        var seenGeneration = 0
        while true {
            guard let current = awaitRegion(after: seenGeneration) else { return }
            seenGeneration = current / Self.generationUnit
            guard index < width.load(ordering: .relaxed) - 1, join(current) else { continue }
            if let job { runPartsSerially(job, partCount) }
            departed.add(1, ordering: .releasing)
        }
    }

    /// Spins, then sleeps, until a region newer than `generation` is opened; nil once the pool stops.
    private func awaitRegion(after generation: Int) -> Int? {
        var spins = 0
        let deadline = Self.monotonicSeconds() + spinSeconds
        while true {
            let current = state.load(ordering: .acquiring)
            if current / Self.generationUnit != generation { return current }
            spins += 1
            if spins & 255 == 0 {
                if stopped.load(ordering: .relaxed) || Self.monotonicSeconds() > deadline { break }
                // Let other runnable threads have the core now and then (returns at once on an idle one).
                sched_yield()
            }
        }
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopped.load(ordering: .relaxed) { return nil }
            let current = state.load(ordering: .acquiring)
            if current / Self.generationUnit != generation { return current }
            condition.wait()
        }
    }

    private static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Adds this helper to the open region of `observed`'s generation; false if it closed (or a newer one opened).
    private func join(_ observed: Int) -> Bool {
        var current = observed
        while current / Self.generationUnit == observed / Self.generationUnit && current & Self.closedBit == 0 {
            let (exchanged, original) = state.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }
}
