/// A point in data coordinates, e.g. one training sample (x₁, x₂) or one (epoch, log-likelihood).
public struct DataPoint: Hashable, Sendable {
    /// The horizontal and vertical coordinates.
    public var x, y: Double

    /// A point from its two coordinates.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Whether both coordinates are finite; plots skip points that are not.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}
