import Foundation
import Runs
import Training

/// Shows training progress on standard error: a live progress bar on a terminal, one line per epoch otherwise.
/// Image runs (`imagesPerStep` set) add images per second and the epoch's remaining time, and off a terminal
/// print that line every `imageLineInterval` seconds, since their epochs take minutes.
final class TrainingProgress: TrainingLog {
    private let label: String
    private let totalEpochs: Int
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast
    private let imagesPerStep: Int?
    private var epochStarted = Date()
    /// Seconds between progress lines of image runs off a terminal.
    private let imageLineInterval = 60.0

    init(label: String, totalEpochs: Int, imagesPerStep: Int? = nil) {
        self.label = label
        self.totalEpochs = totalEpochs
        self.imagesPerStep = imagesPerStep
    }

    func trainingDidFinishStep(epoch: Int, step: Int, of stepCount: Int, objective: Double) {
        if let imagesPerStep { return imageStep(epoch: epoch, step: step, of: stepCount, objective: objective, imagesPerStep: imagesPerStep) }
        guard isTerminal, Date().timeIntervalSince(lastDraw) > 0.1 || step == stepCount else { return }
        lastDraw = Date()
        let width = 30
        let done = Int(Double(width) * Double(step) / Double(max(stepCount, 1)))
        let bar = String(repeating: "█", count: done) + String(repeating: "·", count: width - done)
        write("\r\(label) epoch \(epoch)/\(totalEpochs) \(bar) \(step)/\(stepCount)  objective \(format(objective))\u{1B}[K")
    }

    /// The progress line of an image run: step, objective, images per second and the epoch's remaining time.
    private func imageStep(epoch: Int, step: Int, of stepCount: Int, objective: Double, imagesPerStep: Int) {
        let now = Date()
        // Timed from the end of the first step, so the rate covers whole steps only.
        if step == 1 { epochStarted = now }
        guard step > 1, now.timeIntervalSince(lastDraw) > (isTerminal ? 0.5 : imageLineInterval), step < stepCount else { return }
        lastDraw = now
        let secondsPerStep = now.timeIntervalSince(epochStarted) / Double(step - 1)
        let rate = Double(imagesPerStep) / secondsPerStep
        let remaining = secondsPerStep * Double(stepCount - step)
        let line = "\(label) epoch \(epoch)/\(totalEpochs) step \(step)/\(stepCount)  objective \(format(objective))  "
            + String(format: "%.1f images/s, ", rate) + "\(Self.duration(remaining)) left in this epoch (then validation)"
        write(isTerminal ? "\r" + line + "\u{1B}[K" : line + "\n")
    }

    /// `1 h 02 min`, `3 min 05 s` or `42 s`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return String(format: "%d h %02d min", total / 3600, (total % 3600) / 60) }
        if total >= 60 { return String(format: "%d min %02d s", total / 60, total % 60) }
        return "\(total) s"
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
