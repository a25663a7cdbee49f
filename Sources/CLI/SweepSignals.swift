import Foundation

/// Ctrl-C and SIGTERM during `lgf sweep`: each one is counted, and the sweep passes it on to its training
/// processes as SIGINT (the first stops them after their current epoch, resumable; a second at once).
enum SweepSignals {
    // nonisolated(unsafe): written only by the signal handler, read by the sweep's one polling loop; a
    // sig_atomic_t is the type C guarantees a handler may write.
    nonisolated(unsafe) private static var count: sig_atomic_t = 0

    static var requests: Int { Int(count) }

    static func install() {
        signal(SIGINT) { _ in SweepSignals.count += 1 }
        signal(SIGTERM) { _ in SweepSignals.count += 1 }
    }
}
