import Foundation
import Experiments

/// Shows how far the density grids of `lgf plot` and `lgf demo` are, on standard error: a live line on a
/// terminal, and one line per round and per finished panel otherwise.
final class DensityFigureProgress: DensityFigureLog {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast
    private var lastGroup: (panel: String, round: Int, samples: Int)?

    func densityGrid(_ panel: String, didAdvance progress: DensityGrid.Progress) {
        let step = progress.round == 1 ? "K = \(progress.samplesPerPoint)" : "refining K \(progress.samplesPerPoint) → \(2 * progress.samplesPerPoint)"
        let text = "\(panel): round \(progress.round), \(progress.pointsDone)/\(progress.pointCount) points, \(step)"
        if isTerminal {
            guard Date().timeIntervalSince(lastDraw) > 0.1 || progress.pointsDone == progress.pointCount else { return }
            lastDraw = Date()
            write("\r\(text)\u{1B}[K")
        } else if lastGroup.map({ $0 != (panel, progress.round, progress.samplesPerPoint) }) ?? true {
            lastGroup = (panel, progress.round, progress.samplesPerPoint)
            let step = progress.round == 1 ? "K = \(progress.samplesPerPoint)" : "K \(progress.samplesPerPoint) → \(2 * progress.samplesPerPoint)"
            write("\(panel): round \(progress.round), \(progress.pointCount) points, \(step)…\n")
        }
    }

    func densityGrid(_ panel: String, didFinish grid: DensityGrid, seconds: Double) {
        let points = grid.samplesPerPoint.count
        let refined = grid.samplesPerPoint.filter { $0 > grid.importanceSamples }.count
        let maximum = grid.samplesPerPoint.max() ?? 0
        var line = "\(panel): \(points) grid points in \(String(format: "%.1f", seconds)) s"
        if grid.importanceSamples > 1 {
            line += String(format: "; K = %d everywhere, up to %d at %d points (%.1f%%), %.2f M draws", grid.importanceSamples, maximum,
                           refined, 100 * Double(refined) / Double(max(points, 1)), Double(grid.totalSamples) / 1e6)
            if grid.pointsAboveTarget > 0 { line += "; \(grid.pointsAboveTarget) points still above the noise target" }
        }
        write((isTerminal ? "\r" : "") + line + (isTerminal ? "\u{1B}[K\n" : "\n"))
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
