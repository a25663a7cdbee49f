// MARK: - A narrow network's whole chain of layers as one operation

extension Tensor {
    /// One layer of `layerChain`: y = x·(W ⊙ M)ᵀ + b with weight and mask `[out, in]` (no mask: M = 1) and bias `[out]`.
    public struct ChainLayer {
        public var weight: Tensor
        public var mask: Tensor?
        public var bias: Tensor

        public init(weight: Tensor, mask: Tensor? = nil, bias: Tensor) {
            self.weight = weight
            self.mask = mask
            self.bias = bias
        }
    }

    /// The widest layer `layerChain` is meant for: its blocks of rows then stay in L1 and its weights in L2.
    public static let layerChainMaximumWidth = 128

    /// h₀ = x, h_l = act(h_{l−1}·(W_l ⊙ M_l)ᵀ + b_l (+ `firstAddend` for l = 1)) for the hidden layers, and the last
    /// layer linear: the hidden and output layers of a tanh or ReLU MLP, or of a MADE (Germain et al. 2015; its context
    /// term as `firstAddend`, see `MADE`), as ONE operation of the autodiff graph.
    ///
    /// Equal to the composed layers (`linear`, `maskedLinear`, `tanh`, `relu`) up to the order of the sums: each block
    /// of rows runs through every layer while it is in L1, the backward pass likewise, with no tensor per layer and no
    /// graph node per layer. This is a fusion for speed, for networks of widths up to `layerChainMaximumWidth`; wider
    /// ones are better served by the general products. Masks are constants (no gradient reaches them); gradients reach
    /// x, `firstAddend` and every weight and bias that requires them. The rows are split into parts by their number
    /// alone, run on `WorkerPool.current`, and the parts' weight gradients added in part order: the result is the same
    /// for every thread count.
    /// - Parameters:
    ///   - x: `[batch, in]`.
    ///   - firstAddend: `[batch, widths of the first layer]`, added to the first layer's pre-activation.
    /// - Precondition: at least one layer; consecutive layers' extents agree; one dtype throughout.
    public static func layerChain(_ x: Tensor, layers: [ChainLayer], activation: ChainActivation, firstAddend: Tensor? = nil) -> Tensor {
        layerChain(x, layers: layers, activation: activation, firstAddend: firstAddend, level: CPUFeatures.level)
    }

    /// `layerChain` with its float32 products in the `CKernels` build for `level` (at most what the CPU runs), so that
    /// tests can compare the builds.
    package static func layerChain(_ x: Tensor, layers: [ChainLayer], activation: ChainActivation, firstAddend: Tensor?, level: Int32) -> Tensor {
        require(x.rank == 2 && !layers.isEmpty, "layerChain: needs a matrix input and at least one layer, got \(x.shape) and \(layers.count) layers")
        var widths = [x.shape[1]]
        for (index, layer) in layers.enumerated() {
            let weight = layer.weight
            require(weight.rank == 2 && weight.shape[1] == widths[index] && weight.dtype == x.dtype,
                    "layerChain: layer \(index)'s weight \(weight.shape) \(weight.dtype) does not fit an input of \(widths[index]) \(x.dtype)")
            require(layer.bias.shape == [weight.shape[0]] && layer.bias.dtype == x.dtype, "layerChain: layer \(index)'s bias \(layer.bias.shape) for \(weight.shape[0]) outputs")
            if let mask = layer.mask {
                require(mask.shape == weight.shape && mask.dtype == x.dtype, "layerChain: layer \(index)'s mask \(mask.shape) \(mask.dtype) for weight \(weight.shape)")
            }
            widths.append(weight.shape[0])
        }
        if let firstAddend {
            require(firstAddend.shape == [x.shape[0], widths[1]] && firstAddend.dtype == x.dtype,
                    "layerChain: first addend \(firstAddend.shape) \(firstAddend.dtype), expected [\(x.shape[0]), \(widths[1])] \(x.dtype)")
        }
        let layout = LayerChainLayout(widths: widths, rows: x.shape[0])
        let packed = Tensor(uninitializedShape: [layout.packedCount], dtype: x.dtype)
        let activations = Tensor(uninitializedShape: [layout.activationCount], dtype: x.dtype)
        let result = Tensor(uninitializedShape: [x.shape[0], widths[layers.count]], dtype: x.dtype)
        func pass<T: KernelScalar>(_: T.Type) -> LayerChainPass<T> {
            LayerChainPass(layout: layout, packed: packed.pointer(T.self), activations: activations.pointer(T.self), activation: activation, level: level)
        }
        switch x.dtype {
        case .float32: chainForward(x, layers, firstAddend, pass(Float.self), into: result)
        case .float64: chainForward(x, layers, firstAddend, pass(Double.self), into: result)
        }
        let operands = [x] + (firstAddend.map { [$0] } ?? []) + layers.flatMap { [$0.weight, $0.bias] }
        guard let inputs = recordedInputs(of: operands) else { return result }
        let masks = layers.map { $0.mask?.detached() }
        let parameterNodes = layers.map { ($0.weight.node, $0.bias.node) }
        return result.recorded(from: inputs) { [xNode = x.node, addendNode = firstAddend?.node] g in
            switch g.dtype {
            case .float32: chainBackward(pass(Float.self), g, masks, xNode, addendNode, parameterNodes)
            case .float64: chainBackward(pass(Double.self), g, masks, xNode, addendNode, parameterNodes)
            }
        }
    }

    private static func chainForward<T: KernelScalar>(_ x: Tensor, _ layers: [ChainLayer], _ addend: Tensor?, _ pass: LayerChainPass<T>, into result: Tensor) {
        let layout = pass.layout
        for (index, layer) in layers.enumerated() {
            pass.pack(layer: index, weight: layer.weight.pointer(T.self), mask: layer.mask.map { UnsafePointer($0.pointer(T.self)) },
                      bias: layer.bias.pointer(T.self))
        }
        let scratch = Tensor(uninitializedShape: [layout.partCount * layout.blockScratchCount], dtype: x.dtype)
        let input = UnsafePointer(x.pointer(T.self)), addends = addend.map { UnsafePointer($0.pointer(T.self)) }
        let output = result.pointer(T.self), scratches = scratch.pointer(T.self)
        WorkerPool.current.run(parts: layout.partCount) { part in
            pass.forward(part: part, input: input, addend: addends, output: output, scratch: scratches + part * layout.blockScratchCount)
        }
    }

    private static func chainBackward<T: KernelScalar>(_ pass: LayerChainPass<T>, _ g: Tensor, _ masks: [Tensor?], _ xNode: GraphNode?,
                                                       _ addendNode: GraphNode?, _ parameterNodes: [(GraphNode?, GraphNode?)]) {
        let layout = pass.layout
        let wantsParameters = parameterNodes.contains { $0.0 != nil || $0.1 != nil }
        let partials = wantsParameters ? Tensor(zeros: [layout.partCount * layout.partialCount], dtype: g.dtype) : nil
        let addendGradient = addendNode == nil ? nil : Tensor(uninitializedShape: [layout.rows, layout.widths[1]], dtype: g.dtype)
        let scratch = Tensor(uninitializedShape: [layout.partCount * layout.blockScratchCount], dtype: g.dtype)
        let gradient = UnsafePointer(g.pointer(T.self)), scratches = scratch.pointer(T.self)
        func run(input: UnsafeMutablePointer<T>?, accumulate: Bool) {
            WorkerPool.current.run(parts: layout.partCount) { part in
                let targets = LayerChainPass<T>.GradientTargets(input: input, accumulateInput: accumulate, addend: addendGradient?.pointer(T.self),
                                                                partials: partials.map { $0.pointer(T.self) + part * layout.partialCount })
                pass.backward(part: part, gradient: gradient, into: targets, scratch: scratches + part * layout.blockScratchCount)
            }
        }
        if let xNode {
            xNode.accumulate { target, accumulate in run(input: target.assumingMemoryBound(to: T.self), accumulate: accumulate) }
        } else {
            run(input: nil, accumulate: false)
        }
        if let addendNode, let addendGradient { addendNode.accumulate(addendGradient) }
        guard let partials else { return }
        // The parts' sums, added in part order into part 0's.
        let sums = partials.pointer(T.self), count = layout.partialCount
        for part in 1..<Swift.max(1, layout.partCount) {
            let source = sums + part * count
            for index in 0..<count { sums[index] += source[index] }
        }
        for (layer, (weightNode, biasNode)) in parameterNodes.enumerated() {
            let inputs = layout.widths[layer], outputs = layout.widths[layer + 1], stride = layout.strides[layer]
            if let weightNode {
                let weightGradient = Tensor(uninitializedShape: [outputs, inputs], dtype: g.dtype)
                let target = weightGradient.pointer(T.self), source = sums + layout.weightGradientOffset(layer)
                let mask = masks[layer].map { UnsafePointer($0.pointer(T.self)) }
                for j in 0..<outputs {
                    let row = source + j * stride, line = target + j * inputs
                    if let mask {
                        for k in 0..<inputs { line[k] = row[k] * mask[j * inputs + k] }
                    } else {
                        line.update(from: row, count: inputs)
                    }
                }
                weightNode.accumulate(weightGradient)
            }
            if let biasNode {
                let biasGradient = Tensor(uninitializedShape: [outputs], dtype: g.dtype)
                biasGradient.pointer(T.self).update(from: sums + layout.biasGradientOffset(layer), count: outputs)
                biasNode.accumulate(biasGradient)
            }
        }
    }
}
