/// A tensor seen as `[outer, length, inner]` around one axis: the extents before it (multiplied), along it, and
/// after it (multiplied). Element (o, k, i) sits at `(o · length + k) · inner + i`, so the kernels of the
/// operations along an axis (softmax, cumulative sum, sorted search, gather) are written once for every axis.
struct AxisLayout {
    let outer: Int
    let length: Int
    let inner: Int

    /// - Precondition: `axis` is an axis of `shape` (checked by the caller, which names its operation).
    init(_ shape: Shape, axis: Int) {
        outer = shape.prefix(axis).reduce(1, *)
        length = shape[axis]
        inner = shape.suffix(from: axis + 1).reduce(1, *)
    }

    /// `shape` with extent 1 along `axis`: the shape of one position per line along the axis.
    static func collapsing(_ shape: Shape, axis: Int) -> Shape {
        var collapsed = shape
        collapsed[axis] = 1
        return collapsed
    }
}
