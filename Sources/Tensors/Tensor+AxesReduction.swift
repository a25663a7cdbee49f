// MARK: - Reductions over several axes (per channel over N, H, W; per example over C, H, W)

extension Tensor {
    /// Sums over every axis in `axes`, removing them (or keeping them with extent 1), e.g. `[0, 2, 3]` for a
    /// per-channel total of an `[N, C, H, W]` batch, `[1, 2, 3]` for a per-example one. Innermost axes are reduced
    /// first, so the first pass shrinks the tensor most.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        require(Set(axes).count == axes.count && axes.allSatisfy { $0 >= 0 && $0 < rank },
                "sum(alongAxes:): axes \(axes) are not distinct axes of shape \(shape)")
        var result = self
        for axis in axes.sorted(by: >) { result = result.sum(alongAxis: axis, keepingDimension: true) }
        if keepingDimensions { return result }
        return result.reshaped(to: Shape(shape.dimensions.enumerated().filter { !axes.contains($0.offset) }.map(\.element)))
    }

    /// Averages over every axis in `axes` (see `sum(alongAxes:keepingDimensions:)`).
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let count = axes.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Double(Swift.max(count, 1))
    }
}
