import ArgumentParser
import Foundation

/// `--threads`: between 1 and the machine's core count (more threads than cores only contend).
enum ThreadCount {
    static var maximum: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    static func check(_ threads: Int) throws {
        guard (1...maximum).contains(threads) else {
            throw ValidationError("--threads must be between 1 and \(maximum) (this machine's cores), got \(threads)")
        }
    }
}
