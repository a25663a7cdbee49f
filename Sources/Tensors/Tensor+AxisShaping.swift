// MARK: - Shaping along any axis: slices, concatenation, axis permutations, 2×2 space-to-depth

extension Tensor {
    /// The extents before, along and after `axis`: the tensor seen as `[outer, length, inner]`.
    private func split(at axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (shape.prefix(axis).reduce(1, *), shape[axis], shape.suffix(from: axis + 1).reduce(1, *))
    }

    /// The positions `range` along `axis` (`x[:, range]` for axis 1, e.g. the first half of the channels).
    /// The gradient is written back into those positions (zeros elsewhere).
    public func slicing(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        require(axis >= 0 && axis < rank && range.lowerBound >= 0 && range.upperBound <= shape[axis],
                "slicing(alongAxis:): positions \(range) along axis \(axis) out of range for shape \(shape)")
        let (outer, length, inner) = split(at: axis)
        var newShape = shape
        newShape[axis] = range.count
        let result = Tensor(uninitializedShape: newShape, dtype: dtype)
        let bytes = dtype.byteCount, runBytes = range.count * inner * bytes
        for o in 0..<outer {
            (result.storage.pointer + o * runBytes).copyMemory(from: storage.pointer + (o * length + range.lowerBound) * inner * bytes, byteCount: runBytes)
        }
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        let inputShape = shape
        return result.recorded(from: inputs) { [node] g in
            let spread = Tensor(zeros: inputShape, dtype: g.dtype)
            for o in 0..<outer {
                (spread.storage.pointer + (o * length + range.lowerBound) * inner * bytes).copyMemory(from: g.storage.pointer + o * runBytes, byteCount: runBytes)
            }
            node?.accumulate(spread)
        }
    }

    /// Joins tensors along `axis` (e.g. channels); all other extents and the element type must agree.
    public static func concatenating(_ parts: [Tensor], alongAxis axis: Int) -> Tensor {
        require(!parts.isEmpty, "concatenating(_:alongAxis:): nothing to join")
        let first = parts[0]
        require(axis >= 0 && axis < first.rank, "concatenating(_:alongAxis:): axis \(axis) out of range for shape \(first.shape)")
        for part in parts {
            var a = part.shape, b = first.shape
            if part.rank == first.rank { a[axis] = 0; b[axis] = 0 }
            require(part.dtype == first.dtype && part.rank == first.rank && a == b,
                    "concatenating(_:alongAxis: \(axis)): shapes \(first.shape) and \(part.shape) (\(first.dtype), \(part.dtype)) cannot be joined")
        }
        let (outer, _, inner) = first.split(at: axis)
        let lengths = parts.map { $0.shape[axis] }, total = lengths.reduce(0, +)
        var newShape = first.shape
        newShape[axis] = total
        let result = Tensor(uninitializedShape: newShape, dtype: first.dtype)
        let bytes = first.dtype.byteCount
        var start = 0
        for (part, length) in zip(parts, lengths) {
            for o in 0..<outer {
                (result.storage.pointer + (o * total + start) * inner * bytes)
                    .copyMemory(from: part.storage.pointer + o * length * inner * bytes, byteCount: length * inner * bytes)
            }
            start += length
        }
        guard let inputs = recordedInputs(of: parts) else { return result }
        let nodes = parts.map(\.node)
        // Along the last axis each part's gradient is a column gather, which copies narrow columns (the 1-column
        // halves of a 2-D coupling) without a library call per row.
        let isLastAxis = axis == first.rank - 1
        return result.recorded(from: inputs) { g in
            var offset = 0
            for (node, length) in zip(nodes, lengths) {
                let range = offset..<(offset + length)
                node?.accumulate(isLastAxis ? g.detached().slicingColumns(range) : g.detached().slicing(alongAxis: axis, range).detached())
                offset += length
            }
        }
    }

    /// The axes reordered: axis i of the result is axis `order[i]` of this tensor (`torch.permute`).
    /// The gradient is the inverse permutation of the output's gradient.
    public func permuted(_ order: [Int]) -> Tensor {
        require(order.count == rank && Set(order) == Set(0..<rank), "permuted: \(order) is not a permutation of the axes of \(shape)")
        // Pad to rank 4 with leading unit axes, which stay in front.
        let lead = Shape.maximumRank - rank
        let padded = [Int](repeating: 1, count: lead) + shape.dimensions
        let fullOrder = Array(0..<lead) + order.map { $0 + lead }
        let sourceStrides = Shape(padded).strides
        let extents = fullOrder.map { padded[$0] }, strides = fullOrder.map { sourceStrides[$0] }
        let result = Tensor(uninitializedShape: Shape(order.map { shape[$0] }), dtype: dtype)
        switch dtype {
        case .float32: Tensor.permuteKernel(pointer(Float.self), result.pointer(Float.self), extents, strides)
        case .float64: Tensor.permuteKernel(pointer(Double.self), result.pointer(Double.self), extents, strides)
        }
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in order.enumerated() { inverse[axis] = position }
        return result.recorded(from: inputs) { [node] g in node?.accumulate(g.detached().permuted(inverse)) }
    }

    private static func permuteKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ extents: [Int], _ strides: [Int]) {
        var index = 0
        let (s0, s1, s2, s3) = (strides[0], strides[1], strides[2], strides[3])
        for a in 0..<extents[0] {
            for b in 0..<extents[1] {
                for c in 0..<extents[2] {
                    let base = x + a * s0 + b * s1 + c * s2
                    for d in 0..<extents[3] { y[index + d] = base[d * s3] }
                    index += extents[3]
                }
            }
        }
    }

    /// RealNVP's squeeze: each `factor × factor` block of pixels becomes `factor²` channels,
    /// y[n, c·f² + i·f + j, h, w] = x[n, c, h·f + i, w·f + j] (`[N, C, H, W]` → `[N, C·f², H/f, W/f]`), the order of
    /// `view(N, C, H/f, f, W/f, f).permute(0, 1, 3, 5, 2, 4)`. A permutation, so its gradient is `depthToSpace`.
    /// Dinh et al., *Density estimation using Real NVP*, ICLR 2017, arXiv:1605.08803, §3.6.
    public func spaceToDepth(factor: Int = 2) -> Tensor {
        require(rank == 4 && factor >= 1 && shape[2] % factor == 0 && shape[3] % factor == 0,
                "spaceToDepth: shape \(shape) is not [N, C, H, W] with H and W divisible by \(factor)")
        return rearrangeBlocks(factor: factor, toDepth: true)
    }

    /// The inverse of `spaceToDepth`: `[N, C·f², H, W]` → `[N, C, H·f, W·f]`.
    public func depthToSpace(factor: Int = 2) -> Tensor {
        require(rank == 4 && factor >= 1 && shape[1] % (factor * factor) == 0,
                "depthToSpace: shape \(shape) is not [N, C, H, W] with C divisible by \(factor * factor)")
        return rearrangeBlocks(factor: factor, toDepth: false)
    }

    private func rearrangeBlocks(factor f: Int, toDepth: Bool) -> Tensor {
        let (n, c, h, w) = toDepth ? (shape[0], shape[1], shape[2], shape[3]) : (shape[0], shape[1] / (f * f), shape[2] * f, shape[3] * f)
        let newShape: Shape = toDepth ? [n, c * f * f, h / f, w / f] : [n, c, h, w]
        let result = Tensor(uninitializedShape: newShape, dtype: dtype)
        switch dtype {
        case .float32: Tensor.blockKernel(pointer(Float.self), result.pointer(Float.self), n * c, h, w, f, toDepth)
        case .float64: Tensor.blockKernel(pointer(Double.self), result.pointer(Double.self), n * c, h, w, f, toDepth)
        }
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        return result.recorded(from: inputs) { [node] g in
            node?.accumulate(g.detached().rearrangeBlocks(factor: f, toDepth: !toDepth))
        }
    }

    /// Moves elements between the image layout `[planes, h, w]` and the depth layout `[planes, f, f, h/f, w/f]`
    /// (each image's channels are consecutive planes, so `planes = N·C` covers both axes).
    private static func blockKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ planes: Int, _ h: Int, _ w: Int,
                                                     _ f: Int, _ toDepth: Bool) {
        let (hs, ws) = (h / f, w / f)
        for p in 0..<planes {
            let image = p * h * w
            for i in 0..<f {
                for j in 0..<f {
                    let depth = image + (i * f + j) * hs * ws
                    for r in 0..<hs {
                        for s in 0..<ws {
                            let spatial = image + (r * f + i) * w + s * f + j, packed = depth + r * ws + s
                            if toDepth { y[packed] = x[spatial] } else { y[spatial] = x[packed] }
                        }
                    }
                }
            }
        }
    }
}
