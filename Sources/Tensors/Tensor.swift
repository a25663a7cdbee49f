/// An n-dimensional array of `Float` or `Double` (rank ≤ 4), row-major and contiguous, with value
/// semantics (copy-on-write storage) and an optional node in the autodiff graph.
///
/// Operations on tensors that require gradients record how to propagate gradients backwards;
/// `gradients(withRespectTo:)` then runs reverse-mode differentiation (see `Gradients.swift`).
/// Shape errors inside the library are programmer errors and stop with a message naming the operation
/// and both shapes (like array indexing); public entry points that read user input validate first and throw.
public struct Tensor {
    /// The extents of the tensor.
    public private(set) var shape: Shape
    /// The element type.
    public let dtype: DType
    var storage: TensorStorage
    var node: GraphNode?

    /// A tensor whose elements are not yet written (every kernel writes all of them).
    init(uninitializedShape shape: Shape, dtype: DType) {
        self.shape = shape
        self.dtype = dtype
        self.storage = TensorStorage(count: shape.elementCount, dtype: dtype)
        self.node = nil
    }

    init(shape: Shape, dtype: DType, storage: TensorStorage, node: GraphNode? = nil) {
        self.shape = shape
        self.dtype = dtype
        self.storage = storage
        self.node = node
    }

    /// The number of elements.
    public var elementCount: Int { shape.elementCount }
    /// The number of axes.
    public var rank: Int { shape.rank }

    /// Whether gradients flow to this tensor (it is a leaf that requires gradients or was computed from one).
    public var requiresGradient: Bool { node != nil }

    /// The same values cut from the autodiff graph: gradients do not flow through the result.
    public func detached() -> Tensor { Tensor(shape: shape, dtype: dtype, storage: storage) }

    /// The same values as a new leaf of the autodiff graph, so `gradients(withRespectTo: [leaf])` can be asked for.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, dtype: dtype, storage: storage, node: GraphNode(leafWithShape: shape, dtype: dtype))
    }

    /// Makes the storage unique before an in-place write (copy-on-write).
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = TensorStorage(count: elementCount, dtype: dtype)
            copy.pointer.copyMemory(from: storage.pointer, byteCount: storage.byteCount)
            storage = copy
        }
    }

    @inline(__always) func pointer<T: KernelScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.pointer.assumingMemoryBound(to: T.self)
    }
}

