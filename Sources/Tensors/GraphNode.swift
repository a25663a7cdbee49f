/// A vertex of the reverse-mode autodiff graph (micrograd's `Value`, one per recorded tensor).
///
/// A node knows the nodes it was computed from and a closure that, given the gradient of the loss with
/// respect to this node's tensor, adds the corresponding gradients into those inputs. Leaves (parameters,
/// tensors marked with `requiringGradient()`) have no closure and keep what reaches them until collected.
final class GraphNode {
    let shape: Shape
    let dtype: DType
    let inputs: [GraphNode]
    let backward: ((Tensor) -> Void)?
    /// The gradient accumulated so far during one backward pass; `nil` means zero.
    var gradient: Tensor?

    init(leafWithShape shape: Shape, dtype: DType) {
        self.shape = shape
        self.dtype = dtype
        self.inputs = []
        self.backward = nil
    }

    init(shape: Shape, dtype: DType, inputs: [GraphNode], backward: @escaping (Tensor) -> Void) {
        self.shape = shape
        self.dtype = dtype
        self.inputs = inputs
        self.backward = backward
    }

    /// Adds `contribution` (of this node's shape, no graph) to the gradient: the rule that makes a value
    /// used twice receive the sum of both uses' gradients.
    func accumulate(_ contribution: Tensor) {
        require(contribution.shape == shape, "gradient of shape \(contribution.shape) for a value of shape \(shape)")
        guard var existing = gradient else {
            gradient = contribution
            return
        }
        gradient = nil
        existing.addInPlace(contribution)
        gradient = existing
    }

    /// Lets a kernel write its contribution straight into the gradient buffer: `write(pointer, accumulate)`
    /// must overwrite when `accumulate` is false and add when it is true (e.g. `beta` of a GEMM).
    func accumulate(writing write: (UnsafeMutableRawPointer, _ accumulate: Bool) -> Void) {
        if var existing = gradient {
            gradient = nil
            existing.makeUnique()
            write(existing.storage.pointer, true)
            gradient = existing
        } else {
            let fresh = Tensor(uninitializedShape: shape, dtype: dtype)
            write(fresh.storage.pointer, false)
            gradient = fresh
        }
    }
}
