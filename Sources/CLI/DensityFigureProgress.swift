import Foundation
import Experiments

/// Shows how far the density grids of `lgf plot` and `lgf demo` are, on standard error: a live line on a
/// terminal, and one line per round and per finished panel otherwise.
final class DensityFigureProgress: DensityFigureLog {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast
    private var lastRound: (panel: String, round: Int)?

    func densityGrid(_ panel: String, didAdvance progress: DensityGrid.Progress) {
        let round = progress.round == 1 ? "" : ", refining"
        let text = "\(panel): \(progress.pointsDone)/\(progress.pointCount) points at K = \(progress.samplesPerPoint)\(round)"
        if isTerminal {
            guard Date().timeIntervalSince(lastDraw) > 0.1 || progress.pointsDone == progress.pointCount else { return }
            lastDraw = Date()
            write("\r\(text)\u{1B}[K")
        } else if lastRound.map({ $0.panel != panel || $0.round != progress.round }) ?? true {
            lastRound = (panel, progress.round)
            write("\(panel): round \(progress.round), \(progress.pointCount) points at K = \(progress.samplesPerPoint)…\n")
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
