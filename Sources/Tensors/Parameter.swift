/// A trainable tensor owned by a layer: a reference (for identity, so optimisers can key state by it)
/// around a value that is a leaf of the autodiff graph.
///
/// Reading `value` inside a forward pass connects the computation to this parameter; after
/// `loss.gradients(withRespectTo: parameters)` an optimiser writes the new value in place.
public final class Parameter {
    /// The parameter's role inside its layer, e.g. "weight" or "bias".
    public let name: String
    private var storedValue: Tensor

    /// A parameter holding `value` (its gradient history, if any, is dropped).
    public init(name: String, value: Tensor) {
        self.name = name
        self.storedValue = value.detached().requiringGradient()
    }

    /// The current value, a leaf that requires gradients. Assigning replaces it (and starts a new leaf).
    public var value: Tensor {
        get { storedValue }
        set {
            require(newValue.shape == storedValue.shape, "Parameter \(name): new value of shape \(newValue.shape), expected \(storedValue.shape)")
            storedValue = newValue.detached().requiringGradient()
        }
    }

    /// The shape of the value.
    public var shape: Shape { storedValue.shape }

    /// Changes the precision (e.g. to `float64` for finite-difference checks).
    public func convert(to dtype: DType) {
        storedValue = storedValue.converted(to: dtype).requiringGradient()
    }

    /// Writes the value in place (e.g. an optimiser step); the graph leaf stays the same.
    public func update(_ body: (inout Tensor) -> Void) {
        body(&storedValue)
    }
}

/// Non-trainable state owned by a layer and saved with it, e.g. batch-norm running statistics or a mask.
public final class Buffer {
    /// The buffer's role inside its layer, e.g. "runningMean".
    public let name: String
    /// The current value (a constant: never part of the autodiff graph).
    public var value: Tensor { didSet { value = value.detached(); version &+= 1 } }
    /// Counts assignments to `value`, so that layers can refresh what they derive from it (e.g. a mask's blocks).
    public private(set) var version = 0

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value.detached()
    }

    /// Changes the precision.
    public func convert(to dtype: DType) { value = value.converted(to: dtype) }
}
