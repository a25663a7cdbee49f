/// How two shapes broadcast against each other (NumPy rules: align trailing axes; an extent of 1 stretches).
///
/// Both operands are padded to rank 4 with leading ones; a stride of 0 repeats an element along that axis.
struct BroadcastLayout {
    let shape: Shape
    var extents = [1, 1, 1, 1]
    var leftStrides = [0, 0, 0, 0]
    var rightStrides = [0, 0, 0, 0]

    /// - Precondition: the shapes are broadcast-compatible; the message names `operation` and both shapes.
    init(_ left: Shape, _ right: Shape, operation: String) {
        let rank = max(left.rank, right.rank)
        var dimensions = [Int](repeating: 1, count: rank)
        let paddedLeft = BroadcastLayout.padded(left), paddedRight = BroadcastLayout.padded(right)
        for axis in 0..<4 {
            let l = paddedLeft[axis], r = paddedRight[axis]
            require(l == r || l == 1 || r == 1, "\(operation): shapes \(left) and \(right) do not broadcast")
            extents[axis] = l == 1 ? r : l  // an extent of 1 stretches to the other, even to 0 (NumPy)
        }
        for axis in 0..<rank { dimensions[axis] = extents[4 - rank + axis] }
        shape = Shape(dimensions)
        leftStrides = BroadcastLayout.strides(paddedLeft, extents)
        rightStrides = BroadcastLayout.strides(paddedRight, extents)
    }

    static func padded(_ shape: Shape) -> [Int] {
        [Int](repeating: 1, count: 4 - shape.rank) + shape.dimensions
    }

    private static func strides(_ padded: [Int], _ extents: [Int]) -> [Int] {
        var strides = [0, 0, 0, 0]
        var step = 1
        for axis in stride(from: 3, through: 0, by: -1) {
            strides[axis] = (padded[axis] == 1 && extents[axis] != 1) ? 0 : step
            step *= padded[axis]
        }
        return strides
    }

    /// Visits every run of the innermost axis: `body(leftOffset, rightOffset, outputOffset)`.
    @inline(__always)
    func forEachRow(_ body: (Int, Int, Int) -> Void) {
        var output = 0
        for i0 in 0..<extents[0] {
            for i1 in 0..<extents[1] {
                for i2 in 0..<extents[2] {
                    let left = i0 * leftStrides[0] + i1 * leftStrides[1] + i2 * leftStrides[2]
                    let right = i0 * rightStrides[0] + i1 * rightStrides[1] + i2 * rightStrides[2]
                    body(left, right, output)
                    output += extents[3]
                }
            }
        }
    }
}
