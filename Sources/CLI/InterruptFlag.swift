import Foundation

/// Ctrl-C during training: the first press asks the trainer to stop after the current epoch (its
/// checkpoint written, so `--resume` continues exactly); a second press exits at once. Either way the
/// checkpoints on disk are complete files, since they are written by rename.
enum InterruptFlag {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0

    static var isRequested: Bool { requested != 0 }

    static func install() {
        signal(SIGINT) { _ in
            if InterruptFlag.requested != 0 { _exit(130) }
            InterruptFlag.requested = 1
        }
    }
}
