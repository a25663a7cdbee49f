/// Several rendered panels side by side under one overall title, e.g. "data | MAF | LGF-MAF".
///
/// ```swift
/// let figure = Figure(title: "Two moons", panels: [try data.render(), try maf.render(), try lgf.render()])
/// try PNGFile.write(try figure.render(), to: "figure1.png")
/// ```
public struct Figure: Sendable {
    /// Drawn centred above the panels; empty for none.
    public var title: String
    /// The panels from left to right, rendered at ``scale``; shorter panels are aligned at the bottom.
    public var panels: [RGBAImage]
    /// Points between neighbouring panels.
    public var gap: Double
    /// Points around the whole figure.
    public var padding = 8.0
    /// Pixels per point, the scale the panels were rendered at.
    public var scale = 2.0
    /// Figure background, also behind panels with transparent pixels.
    public var backgroundColor: RGBAColor = .white
    /// Colour of the title.
    public var foregroundColor: RGBAColor = .black

    /// A figure of `panels` separated by `gap` points.
    public init(title: String = "", panels: [RGBAImage], gap: Double = 12) {
        self.title = title
        self.panels = panels
        self.gap = gap
    }

    /// Composes the panels into one image, each pixel of a panel onto one pixel of the figure.
    ///
    /// - Throws: ``PlotError/noPanels`` without panels, ``PlotError/invalidParameter(name:value:expected:)``
    ///   for a negative gap or padding, and ``PlotError/drawingFailed(operation:reason:)`` when Cairo fails.
    public func render() throws(PlotError) -> RGBAImage {
        guard !panels.isEmpty else { throw .noPanels }
        guard gap >= 0, padding >= 0 else {
            throw .invalidParameter(name: "gap, padding", value: "\(gap), \(padding)", expected: "gap ≥ 0, padding ≥ 0")
        }
        let measure = try Canvas.measuring()
        // Positions in whole pixels, so that panels are copied without resampling.
        func pixels(_ points: Double) -> Int { Int((points * scale).rounded()) }
        let gapPixels = pixels(gap), paddingPixels = pixels(padding)
        let titleHeight = title.isEmpty ? 0
            : pixels(measure.capHeight(of: .figureTitle) + measure.descent(of: .figureTitle) + padding)
        let panelsWidth = panels.map(\.width).reduce(0, +) + gapPixels * (panels.count - 1)
        let panelsHeight = panels.map(\.height).max() ?? 0
        let width = max(panelsWidth, pixels(measure.textWidth(title, font: .figureTitle))) + 2 * paddingPixels
        let height = paddingPixels + titleHeight + panelsHeight + paddingPixels
        let canvas = try Canvas(width: Double(width) / scale, height: Double(height) / scale, scale: scale,
                                background: backgroundColor)
        var x = paddingPixels + (width - 2 * paddingPixels - panelsWidth) / 2
        for panel in panels {
            let y = paddingPixels + titleHeight + panelsHeight - panel.height
            try canvas.draw(panel, in: PlotRect(x: Double(x) / scale, y: Double(y) / scale, width: Double(panel.width) / scale,
                                                height: Double(panel.height) / scale), smooth: false)
            x += panel.width + gapPixels
        }
        if !title.isEmpty {
            canvas.drawText(title, x: Double(width) / scale / 2, y: padding, font: .figureTitle, color: foregroundColor,
                            alignment: .center, baseline: .top)
        }
        return try canvas.image()
    }
}
