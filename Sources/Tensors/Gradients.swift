/// Whether operations on tensors that require gradients record the autodiff graph.
///
/// On by default; `withoutGradientRecording` turns it off for a lexical scope on the current task or thread
/// (like `torch.no_grad`), which evaluation and sampling use so that intermediate buffers are recycled at
/// once instead of being kept for a backward pass that will never run.
public enum GradientRecording {
    @TaskLocal static var isEnabled = true

    /// Whether recording is on in the current scope.
    public static var isActive: Bool { isEnabled }
}

/// Runs `body` without recording the autodiff graph; tensors it returns have no gradient history.
public func withoutGradientRecording<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientRecording.$isEnabled.withValue(false) { try body() }
}

extension Tensor {
    /// The graph nodes of `operands` that need gradients, or `nil` when nothing is to be recorded.
    @inline(__always)
    static func recordedInputs(_ operands: Tensor...) -> [GraphNode]? { recordedInputs(of: operands) }

    static func recordedInputs(of operands: [Tensor]) -> [GraphNode]? {
        guard operands.contains(where: { $0.node != nil }), GradientRecording.isEnabled else { return nil }
        return operands.compactMap(\.node)
    }

    /// Attaches a graph node to a freshly computed result when recording.
    @inline(__always)
    func recorded(from inputs: [GraphNode]?, backward: @escaping (Tensor) -> Void) -> Tensor {
        guard let inputs else { return self }
        var result = self
        result.node = GraphNode(shape: shape, dtype: dtype, inputs: inputs, backward: backward)
        return result
    }

    /// Reverse-mode differentiation: the gradient of this one-element tensor (usually a loss) with respect to
    /// each of `targets`, in the same order and of the same shapes.
    ///
    /// Gradients of values used several times are summed. A target the loss does not depend on gets zeros.
    /// The graph is walked once in reverse topological order; intermediate gradients are released as soon
    /// as they have been propagated.
    public func gradients(withRespectTo targets: [Tensor]) -> [Tensor] {
        require(elementCount == 1, "gradients(withRespectTo:): the differentiated tensor must have one element, shape is \(shape)")
        guard let root = node else { return targets.map { Tensor(zeros: $0.shape, dtype: $0.dtype) } }
        let order = GraphNode.topologicalOrder(from: root)
        for vertex in order { vertex.gradient = nil }
        let kept = Set(targets.compactMap { $0.node.map(ObjectIdentifier.init) })
        root.gradient = Tensor(repeating: 1, shape: shape, dtype: dtype)
        for vertex in order.reversed() {
            guard let gradient = vertex.gradient, let backward = vertex.backward else { continue }
            if !kept.contains(ObjectIdentifier(vertex)) { vertex.gradient = nil }
            backward(gradient)
        }
        let result = targets.map { target in target.node?.gradient ?? Tensor(zeros: target.shape, dtype: target.dtype) }
        for vertex in order { vertex.gradient = nil }
        return result
    }
}

extension GraphNode {
    /// Every node reachable from `root`, each after all of its inputs (iterative depth-first search).
    static func topologicalOrder(from root: GraphNode) -> [GraphNode] {
        var order: [GraphNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: GraphNode, nextInput: Int)] = [(root, 0)]
        visited.insert(ObjectIdentifier(root))
        while let (vertex, nextInput) = stack.popLast() {
            if nextInput < vertex.inputs.count {
                stack.append((vertex, nextInput + 1))
                let input = vertex.inputs[nextInput]
                if visited.insert(ObjectIdentifier(input)).inserted { stack.append((input, 0)) }
            } else {
                order.append(vertex)
            }
        }
        return order
    }
}
