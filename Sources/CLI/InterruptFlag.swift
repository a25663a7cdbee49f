import Foundation

/// SIGINT (Ctrl-C) and SIGTERM (what batch schedulers send before killing a job) during training: the
/// first asks the trainer to stop after the current epoch, with its metrics line and checkpoints written,
/// and `lgf train` then exits with 128 + the signal's number (130, 143); `--resume` continues exactly.
/// A second signal exits at once, with 128 + its own number. The first says so on standard error. Everything on disk is consistent at any instant (see
/// `RunFolder`: atomic checkpoints, synced appends), so an immediate exit loses at most the running epoch.
enum InterruptFlag {
    /// The first signal's number, 0 before any. A `sig_atomic_t` written only by the handler: reads from
    /// the training thread see either 0 or the number, which is all a signal handler may safely share.
    nonisolated(unsafe) private static var received: sig_atomic_t = 0

    static var isRequested: Bool { received != 0 }

    /// 128 + the signal that asked to stop (130 for SIGINT, 143 for SIGTERM).
    static var exitCode: Int32 { 128 + Int32(received) }

    static func install() {
        // A parent may hand down these signals blocked (threads of libdispatch block them, and a child
        // inherits the mask of the thread that spawned it); unblock them, or a scheduler's SIGTERM would wait.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        sigaddset(&unblocked, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                if InterruptFlag.received != 0 { _exit(128 + number) }
                InterruptFlag.received = sig_atomic_t(number)
                // write(2) of a literal: what a signal handler may do (no allocation, no lock).
                let notice: StaticString = "\nStopping after the current epoch (a second signal stops at once).\n"
                _ = write(STDERR_FILENO, notice.utf8Start, notice.utf8CodeUnitCount)
            }
        }
    }
}
