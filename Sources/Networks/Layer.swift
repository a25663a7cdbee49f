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
    /// Called by `setMode(_:)` on this layer and every sublayer.
    func modeDidChange(to mode: LayerMode)
}

extension Layer {
    public var ownParameters: [Parameter] { [] }
    public var ownBuffers: [Buffer] { [] }
    public var sublayers: [any Layer] { [] }
    public func modeDidChange(to mode: LayerMode) {}

    /// Every trainable parameter, depth first; optimisers and checkpoints rely on this order being stable.
    public var parameters: [Parameter] { ownParameters + sublayers.flatMap(\.parameters) }

    /// Every buffer, depth first.
    public var buffers: [Buffer] { ownBuffers + sublayers.flatMap(\.buffers) }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.shape.elementCount } }

    /// Every parameter and buffer with a stable dotted path such as `layers.3.weight`, for checkpoints.
    public var namedState: [(name: String, tensor: NamedTensor)] {
        var result: [(String, NamedTensor)] = []
        collectState(prefix: "", into: &result)
        return result
    }

    private func collectState(prefix: String, into result: inout [(String, NamedTensor)]) {
        for parameter in ownParameters { result.append((prefix + parameter.name, .parameter(parameter))) }
        for buffer in ownBuffers { result.append((prefix + buffer.name, .buffer(buffer))) }
        for (index, layer) in sublayers.enumerated() { layer.collectState(prefix: prefix + "\(index).", into: &result) }
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
