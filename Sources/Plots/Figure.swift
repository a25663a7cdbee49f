/// Several rendered panels side by side under one overall title, e.g. "MAF | LGF-MAF | data".
///
/// ```swift
/// let figure = Figure(title: "Two moons", panels: [try maf.render(), try lgf.render(), try data.render()])
/// try PNGEncoder().write(try figure.render(), to: "figure1.png")
/// ```
public struct Figure: Sendable {
    /// Drawn centred above the panels; empty for none.
    public var title: String
    /// The panels from left to right; shorter panels are centred vertically.
    public var panels: [RGBAImage]
    /// Pixels between neighbouring panels.
    public var gap: Int
    /// Pixels around the whole figure.
    public var padding = 8
    /// Integer magnification of the title text.
    public var titleScale = 2
    /// Figure background, also behind panels with transparent pixels.
    public var backgroundColor: RGBAColor = .white
    /// Colour of the title.
    public var foregroundColor: RGBAColor = .black

    /// A figure of `panels` separated by `gap` pixels.
    public init(title: String = "", panels: [RGBAImage], gap: Int = 16) {
        self.title = title
        self.panels = panels
        self.gap = gap
    }

    /// Composes the panels into one image.
    ///
    /// - Throws: ``PlotError/noPanels`` without panels, and ``PlotError/invalidParameter(name:value:expected:)``
    ///   for a negative gap or padding or a title scale below 1.
    public func render() throws(PlotError) -> RGBAImage {
        guard !panels.isEmpty else { throw .noPanels }
        guard gap >= 0, padding >= 0, titleScale >= 1 else {
            throw .invalidParameter(name: "gap, padding, titleScale", value: "\(gap), \(padding), \(titleScale)",
                                    expected: "gap ≥ 0, padding ≥ 0, titleScale ≥ 1")
        }
        let panelsWidth = panels.map(\.width).reduce(0, +) + gap * (panels.count - 1)
        let panelsHeight = panels.map(\.height).max() ?? 0
        let titleHeight = title.isEmpty ? 0 : BitmapFont.glyphHeight * titleScale + padding
        let titleWidth = BitmapFont.size(of: title, scale: titleScale).width
        let width = max(panelsWidth, titleWidth) + 2 * padding
        var image = RGBAImage(width: width, height: padding + titleHeight + panelsHeight + padding,
                              background: backgroundColor)
        if !title.isEmpty {
            image.drawText(title, x: width / 2, y: padding, color: foregroundColor, scale: titleScale,
                           alignment: .center)
        }
        var x = padding + (width - 2 * padding - panelsWidth) / 2
        for panel in panels {
            image.draw(panel, x: x, y: padding + titleHeight + (panelsHeight - panel.height) / 2)
            x += panel.width + gap
        }
        return image
    }
}
