/// The extents of a tensor, outermost first, stored inline (rank ≤ 4) so that creating a tensor allocates
/// nothing but its element buffer.
///
/// Rank 0 is a scalar. Images use rank 4 (`[batch, channels, height, width]`), tabular batches rank 2
/// (`[batch, features]`), per-example quantities rank 1 (`[batch]`).
public struct Shape: Hashable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The largest supported rank.
    public static let maximumRank = 4

    private var d0 = 0, d1 = 0, d2 = 0, d3 = 0
    /// The number of axes.
    public let rank: Int

    /// Creates a shape from its extents; every extent must be non-negative and the rank at most 4.
    public init(_ dimensions: [Int]) {
        require(dimensions.count <= Shape.maximumRank, "Shape: rank \(dimensions.count) exceeds \(Shape.maximumRank)")
        require(dimensions.allSatisfy { $0 >= 0 }, "Shape: negative extent in \(dimensions)")
        rank = dimensions.count
        for (axis, extent) in dimensions.enumerated() { self[axis] = extent }
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// The scalar shape `[]`.
    public static let scalar = Shape([])

    public var startIndex: Int { 0 }
    public var endIndex: Int { rank }

    public subscript(axis: Int) -> Int {
        get {
            require(axis >= 0 && axis < rank, "Shape: axis \(axis) out of range for rank \(rank)")
            switch axis {
            case 0: return d0
            case 1: return d1
            case 2: return d2
            default: return d3
            }
        }
        set {
            require(axis >= 0 && axis < rank, "Shape: axis \(axis) out of range for rank \(rank)")
            switch axis {
            case 0: d0 = newValue
            case 1: d1 = newValue
            case 2: d2 = newValue
            default: d3 = newValue
            }
        }
    }

    /// The number of elements (1 for a scalar).
    public var elementCount: Int {
        var product = 1
        for axis in 0..<rank { product *= self[axis] }
        return product
    }

    /// The extents as an array.
    public var dimensions: [Int] { Array(self) }

    /// The extent of the last axis (1 for a scalar).
    public var lastExtent: Int { rank == 0 ? 1 : self[rank - 1] }

    /// This shape with the last axis replaced.
    public func replacingLast(with extent: Int) -> Shape {
        var copy = self
        copy[rank - 1] = extent
        return copy
    }

    /// Row-major strides in elements.
    public var strides: [Int] {
        var result = [Int](repeating: 1, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            result[axis] = step
            step *= self[axis]
        }
        return result
    }

    public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }

    public static func == (lhs: Shape, rhs: Shape) -> Bool {
        guard lhs.rank == rhs.rank else { return false }
        for axis in 0..<lhs.rank where lhs[axis] != rhs[axis] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rank)
        for axis in 0..<rank { hasher.combine(self[axis]) }
    }
}
