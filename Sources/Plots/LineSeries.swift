/// One named curve of a ``LineChart``, e.g. the validation log-likelihood of one run per epoch.
public struct LineSeries: Hashable, Sendable {
    /// Shown in the legend; an empty name leaves the series out of it.
    public var name: String
    /// The points in drawing order; a non-finite point breaks the line rather than being joined over.
    public var points: [DataPoint]
    /// Line colour; `nil` picks the chart palette's colour for the series' position.
    public var color: RGBAColor?
    /// Line width in points.
    public var lineWidth: Double
    /// On and off lengths of a dashed line in points; empty for a solid line.
    public var dash: [Double] = []

    /// A series through `points`.
    public init(name: String, points: [DataPoint], color: RGBAColor? = nil, lineWidth: Double = 1.5) {
        self.name = name
        self.points = points
        self.color = color
        self.lineWidth = lineWidth
    }

    /// A series of `yValues` at x = `firstX`, `firstX + 1`, …, e.g. one value per epoch from epoch 1.
    public init(
        name: String, yValues: [Double], firstX: Double = 1, color: RGBAColor? = nil, lineWidth: Double = 1.5
    ) {
        self.init(name: name, points: yValues.enumerated().map { DataPoint(x: firstX + Double($0), y: $1) },
                  color: color, lineWidth: lineWidth)
    }
}
