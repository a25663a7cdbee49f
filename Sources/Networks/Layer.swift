import Tensors

/// Whether layers use batch statistics and update running averages (`training`) or use the running
/// averages as fixed constants (`evaluation`).
public enum LayerMode: String, Sendable, Codable {
    case training
    case evaluation
}

/// A differentiable building block that may own trainable parameters and non-trainable buffers
/// (MLX Swift's `Module`, with parameters listed explicitly instead of found by reflection).
public protocol Layer: AnyObject {
    /// Parameters owned directly (not by sublayers), in a fixed order.
    var ownParameters: [Parameter] { get }
    /// Buffers owned directly (running statistics, masks), in a fixed order.
    var ownBuffers: [Buffer] { get }
    /// The layers this one is built from, in a fixed order.
    var sublayers: [any Layer] { get }
    /// What each sublayer is to this layer (`"made"`, `"prior"`, `"layers.2"`), in the order of `sublayers`: the
    /// path segments of checkpoint names, so that reordering or inserting children does not silently move tensors
    /// between them. The default is the positions, which composites with roles replace.
    var sublayerNames: [String] { get }
    /// Called by `setMode(_:)` on this layer and every sublayer.
    func modeDidChange(to mode: LayerMode)
}

extension Layer {
    public var ownParameters: [Parameter] { [] }
    public var ownBuffers: [Buffer] { [] }
    public var sublayers: [any Layer] { [] }
    public var sublayerNames: [String] { sublayers.indices.map(String.init) }
    public func modeDidChange(to mode: LayerMode) {}

    /// Every trainable parameter, depth first; optimisers and checkpoints rely on this order being stable.
    public var parameters: [Parameter] { ownParameters + sublayers.flatMap(\.parameters) }

    /// Every buffer, depth first.
    public var buffers: [Buffer] { ownBuffers + sublayers.flatMap(\.buffers) }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.shape.elementCount } }

    /// Every parameter and buffer with a dotted path of roles such as `steps.3.made.layers.1.weight`, for
    /// checkpoints (see `sublayerNames`).
    public var namedState: [(name: String, tensor: NamedTensor)] {
        var result: [(String, NamedTensor)] = []
        collectState(prefix: "", byPosition: false, into: &result)
        return result
    }

    /// `namedState` with every sublayer named by its position instead (`3.0.1.weight` for the example
    /// above): the names checkpoints used before roles, in the same order, so that old files can be read.
    public var positionalState: [(name: String, tensor: NamedTensor)] {
        var result: [(String, NamedTensor)] = []
        collectState(prefix: "", byPosition: true, into: &result)
        return result
    }

    private func collectState(prefix: String, byPosition: Bool, into result: inout [(String, NamedTensor)]) {
        for parameter in ownParameters { result.append((prefix + parameter.name, .parameter(parameter))) }
        for buffer in ownBuffers { result.append((prefix + buffer.name, .buffer(buffer))) }
        let layers = sublayers
        let names = byPosition ? layers.indices.map(String.init) : sublayerNames
        precondition(names.count == layers.count, "\(type(of: self)): \(names.count) sublayer names for \(layers.count) sublayers")
        for (name, layer) in zip(names, layers) { layer.collectState(prefix: prefix + name + ".", byPosition: byPosition, into: &result) }
    }

    /// Switches this layer and every sublayer to `mode`.
    public func setMode(_ mode: LayerMode) {
        modeDidChange(to: mode)
        for layer in sublayers { layer.setMode(mode) }
    }

    /// Converts every parameter and buffer to `dtype` (e.g. `float64` for finite-difference checks).
    public func convert(to dtype: DType) {
        parameters.forEach { $0.convert(to: dtype) }
        buffers.forEach { $0.convert(to: dtype) }
    }
}

/// A parameter or a buffer, as listed for saving and loading.
public enum NamedTensor {
    case parameter(Parameter)
    case buffer(Buffer)

    /// The current value.
    public var value: Tensor {
        switch self {
        case .parameter(let parameter): return parameter.value
        case .buffer(let buffer): return buffer.value
        }
    }

    /// Replaces the value (shapes must agree).
    public func assign(_ newValue: Tensor) {
        switch self {
        case .parameter(let parameter): parameter.value = newValue
        case .buffer(let buffer): buffer.value = newValue
        }
    }
}

/// A layer mapping one tensor to one tensor, e.g. `Linear` or `MLP`.
public protocol UnaryLayer: Layer {
    func callAsFunction(_ x: Tensor) -> Tensor
}
