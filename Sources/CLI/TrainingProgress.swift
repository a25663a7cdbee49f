import Foundation
import Experiments

/// Shows training progress on standard error: a live progress bar on a terminal, one line per epoch otherwise.
final class TrainingProgress: TrainingLog {
    private let label: String
    private let totalEpochs: Int
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast

    init(label: String, totalEpochs: Int) {
        self.label = label
        self.totalEpochs = totalEpochs
    }

    func trainingDidFinishStep(epoch: Int, step: Int, of stepCount: Int, objective: Double) {
        guard isTerminal, Date().timeIntervalSince(lastDraw) > 0.1 || step == stepCount else { return }
        lastDraw = Date()
        let width = 30
        let done = Int(Double(width) * Double(step) / Double(max(stepCount, 1)))
        let bar = String(repeating: "█", count: done) + String(repeating: "·", count: width - done)
        write("\r\(label) epoch \(epoch)/\(totalEpochs) \(bar) \(step)/\(stepCount)  objective \(format(objective))\u{1B}[K")
    }

    func trainingDidFinishEpoch(_ record: EpochRecord, isBest: Bool) {
        let line = "\(label) epoch \(record.epoch)/\(totalEpochs)  train \(format(record.trainObjective))  validation \(format(record.validation))\(isBest ? " *" : "")  \(String(format: "%.2f", record.seconds)) s"
        write((isTerminal ? "\r" : "") + line + (isTerminal ? "\u{1B}[K\n" : "\n"))
    }

    func trainingDidRollBack(epoch: Int, newLearningRate: Double, reason: String) {
        write("\(isTerminal ? "\r" : "")\(label) epoch \(epoch): \(reason); rolled back to the last good epoch, learning rate now \(newLearningRate)\n")
    }

    func trainingDidWarn(_ message: String) {
        write("\(isTerminal ? "\r" : "")warning: \(message)\n")
    }

    func trainingShouldStop() -> Bool {
        if InterruptFlag.isRequested { write("\nStopped by signal \(InterruptFlag.exitCode - 128) after a completed epoch; continue with --resume.\n") }
        return InterruptFlag.isRequested
    }

    private func format(_ value: Double) -> String { String(format: "%.4f", value) }

    private func write(_ text: String) { Console.writeError(text) }
}
