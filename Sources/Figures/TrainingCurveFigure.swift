import Foundation
import Plots

/// Training curves of one or more runs (e.g. MAF and LGF-MAF on one 2-D target): the training objective
/// and the validation log-likelihood per epoch, with the best achievable log-likelihood as a dashed grey
/// line when it is known (`TwoDimensionalTarget.optimum`).
///
/// ```swift
/// let figure = TrainingCurveFigure(title: "2uniforms", runs: [
///     .init(name: "MAF", epochs: mafEpochs), .init(name: "LGF-MAF", epochs: lgfEpochs),
/// ], optimum: TwoDimensionalTarget.twoUniforms.optimum)
/// try figure.write(to: "training.png")
/// ```
public struct TrainingCurveFigure: Sendable {
    /// Drawn centred above the charts; empty for none.
    public var title: String
    /// The runs, in legend order.
    public var runs: [Run]
    /// E[log p*(x)] in nats, drawn across the validation chart; `nil` when unknown.
    public var optimum: Double?
    /// One chart or two.
    public var layout: Layout = .objectiveAndValidation
    /// Size of each chart in points.
    public var chartWidth = 400.0
    /// Height of each chart in points.
    public var chartHeight = 290.0
    /// Pixels per point of the image.
    public var scale = 2.0
    /// The y range of both charts; `nil` fits the values after the first tenth of the epochs (see
    /// ``fittedRange(of:including:)``), so that the very low first epochs do not flatten the rest.
    public var yRange: ClosedRange<Double>?

    /// The colour of the optimum line.
    public static let optimumColor = RGBAColor(hex: 0x7F7F7F)

    /// A figure of `runs`.
    public init(title: String = "", runs: [Run], optimum: Double? = nil, layout: Layout = .objectiveAndValidation) {
        self.title = title
        self.runs = runs
        self.optimum = optimum
        self.layout = layout
    }

    /// Draws the charts: with ``Layout/objectiveAndValidation`` the training objective on the left and the
    /// validation estimate on the right, sharing one y range so they can be compared by eye.
    ///
    /// - Throws: `PlotError` for an invalid range or a size too small for the labels.
    public func render() throws -> RGBAImage {
        let colors = runs.enumerated().map { index, run in
            run.color ?? LineChart.defaultPalette[index % LineChart.defaultPalette.count]
        }
        let optimumSeries = optimum.flatMap { optimumLine(at: $0) }
        var validationSeries = zip(runs, colors).map { run, color in
            LineSeries(name: "\(run.name) validation", points: run.epochs.map {
                DataPoint(x: Double($0.epoch), y: $0.validationEstimate)
            }, color: color)
        }
        if let optimumSeries { validationSeries.append(optimumSeries) }
        let objectiveSeries = zip(runs, colors).map { run, color in
            LineSeries(name: "\(run.name) train", points: run.epochs.map {
                DataPoint(x: Double($0.epoch), y: $0.trainingObjective)
            }, color: color)
        }
        let values = runs.flatMap { run in
            run.epochs.dropFirst(run.epochs.count / 10).flatMap { epoch -> [Double] in
                layout == .validationOnly ? [epoch.validationEstimate] : [epoch.trainingObjective, epoch.validationEstimate]
            }
        }
        let range = yRange ?? Self.fittedRange(of: values, including: optimum)
        let validation = chart(title: "validation log-likelihood", series: validationSeries, yRange: range)
        let panels: [RGBAImage]
        switch layout {
        case .validationOnly:
            panels = [try validation.render()]
        case .objectiveAndValidation:
            let objective = chart(title: "training objective", series: objectiveSeries, yRange: range)
            panels = [try objective.render(), try validation.render()]
        }
        var figure = Figure(title: title, panels: panels)
        figure.scale = scale
        return try figure.render()
    }

    /// Renders the figure and writes it as a PNG at `path`, atomically.
    ///
    /// - Throws: The errors of ``render()``, and `PlotError.cannotWriteFile` when `path` cannot be written.
    public func write(to path: String) throws {
        try PNGFile.write(render(), to: path)
    }

    /// The finite `values` and `extra` padded by 5 % of their span on each side; `nil` (fit all the data)
    /// when there is no finite value or all are equal.
    public static func fittedRange(of values: [Double], including extra: Double? = nil) -> ClosedRange<Double>? {
        let finite = (values + [extra].compactMap { $0 }).filter(\.isFinite)
        guard let lowest = finite.min(), let highest = finite.max(), lowest < highest else { return nil }
        let padding = 0.05 * (highest - lowest)
        return (lowest - padding)...(highest + padding)
    }

    private func chart(title: String, series: [LineSeries], yRange: ClosedRange<Double>?) -> LineChart {
        var chart = LineChart(title: title, series: series, xLabel: "epoch", yLabel: "nats per point")
        chart.width = chartWidth
        chart.height = chartHeight
        chart.scale = scale
        chart.usesIntegerXTicks = true
        chart.yRange = yRange
        return chart
    }

    /// A dashed horizontal line at `value` across the runs' epochs.
    private func optimumLine(at value: Double) -> LineSeries? {
        let epochs = runs.flatMap(\.epochs).map { Double($0.epoch) }
        guard value.isFinite, let first = epochs.min(), let last = epochs.max() else { return nil }
        var line = LineSeries(name: "optimum \(String(format: "%.3f", value).replacingOccurrences(of: "-", with: "\u{2212}"))",
                              points: [DataPoint(x: first, y: value), DataPoint(x: max(last, first + 1), y: value)],
                              color: Self.optimumColor, lineWidth: 1)
        line.dash = [4, 3]
        return line
    }
}
