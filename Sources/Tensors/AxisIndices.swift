/// One position along an axis of a tensor for every combination of its other axes: the bins `binIndices(of:alongAxis:)`
/// finds and `gathering(alongAxis:at:)` reads (`torch.gather`'s index tensor, kept apart from `Tensor` because it
/// holds integers and never carries gradients).
public struct AxisIndices: Sendable, Equatable {
    /// The shape of the tensor indexed, with extent 1 along `axis`: the shape of what a gather returns.
    public let shape: Shape
    /// The axis the positions run along.
    public let axis: Int
    /// The positions, in the row-major order of `shape`.
    public let positions: [Int]

    /// - Precondition: `positions.count == shape.elementCount`, `shape[axis] == 1`.
    public init(shape: Shape, axis: Int, positions: [Int]) {
        require(axis >= 0 && axis < shape.rank && shape[axis] == 1 && positions.count == shape.elementCount,
                "AxisIndices: \(positions.count) positions for shape \(shape) along axis \(axis) (its extent there must be 1)")
        self.shape = shape
        self.axis = axis
        self.positions = positions
    }

    /// Every position moved by `offset` (the right edge of a bin is knot k + 1).
    public func advanced(by offset: Int) -> AxisIndices {
        AxisIndices(shape: shape, axis: axis, positions: positions.map { $0 + offset })
    }
}
