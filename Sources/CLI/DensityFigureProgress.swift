import Foundation
import Figures
import Reports

/// Shows how far the density grids of `lgf plot` and `lgf demo` are, on standard error: a live line on a
/// terminal, and one line per round and per finished panel otherwise.
final class DensityFigureProgress: DensityFigureLog {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast
    private var lastGroup: (panel: String, round: Int, samples: Int)?

    func densityGrid(_ panel: String, didAdvance progress: DensityGrid.Progress) {
        let text = "\(panel): round \(progress.round), \(progress.pointsDone)/\(progress.pointCount) points, \(progress.samplesPerPoint) draws each"
        if isTerminal {
            guard Date().timeIntervalSince(lastDraw) > 0.1 || progress.pointsDone == progress.pointCount else { return }
            lastDraw = Date()
            write("\r\(text)\u{1B}[K")
        } else if lastGroup.map({ $0 != (panel, progress.round, progress.samplesPerPoint) }) ?? true {
            lastGroup = (panel, progress.round, progress.samplesPerPoint)
            write("\(panel): round \(progress.round), \(progress.pointCount) points, \(progress.samplesPerPoint) draws each…\n")
        }
    }

    func densityGrid(_ panel: String, didFinish grid: DensityGrid, seconds: Double) {
        let points = grid.samplesPerPoint.count
        var line = "\(panel): \(points) grid points in \(String(format: "%.1f", seconds)) s"
        if grid.importanceSamples > 1 {
            let meeting = points - grid.pointsAboveTarget
            line += String(format: "; %.2f M draws (%.0f per point, K = %d–%d in the estimates), proposal adapted at %d points; %d points (%.2f%%) meet the noise target",
                           Double(grid.totalSamples) / 1e6, Double(grid.totalSamples) / Double(max(points, 1)), grid.samplesPerPoint.min() ?? 0,
                           grid.samplesPerPoint.max() ?? 0, grid.adaptedPoints, meeting, 100 * Double(meeting) / Double(max(points, 1)))
        }
        write((isTerminal ? "\r" : "") + line + (isTerminal ? "\u{1B}[K\n" : "\n"))
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
