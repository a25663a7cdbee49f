import Tensors
import Networks

/// A model's parameters and buffers by their `namedState` names, with the reverse lookup from a
/// `Parameter` object to its name that optimiser state needs.
struct ModelStateIndex {
    /// Name and slot, in the model's depth-first order.
    let entries: [(name: String, tensor: NamedTensor)]
    private let slots: [String: NamedTensor]
    private let parameterNames: [ObjectIdentifier: String]

    /// - Throws: `CheckpointError.duplicateTensorName` if two slots share a name.
    init(_ model: some Layer) throws(CheckpointError) {
        entries = model.namedState
        var slots: [String: NamedTensor] = [:]
        var parameterNames: [ObjectIdentifier: String] = [:]
        for (name, tensor) in entries {
            guard slots.updateValue(tensor, forKey: name) == nil else { throw .duplicateTensorName(tensor: name) }
            if case .parameter(let parameter) = tensor { parameterNames[ObjectIdentifier(parameter)] = name }
        }
        self.slots = slots
        self.parameterNames = parameterNames
    }

    /// The slot named `name`, if the model has one.
    subscript(name: String) -> NamedTensor? { slots[name] }

    /// The model's name of each parameter, in order.
    /// - Throws: `CheckpointError.optimizerParameterNotInModel` for the first parameter the model does not own.
    func names(of parameters: [Parameter]) throws(CheckpointError) -> [String] {
        var names: [String] = []
        for (position, parameter) in parameters.enumerated() {
            guard let name = parameterNames[ObjectIdentifier(parameter)] else {
                throw .optimizerParameterNotInModel(parameterIndex: position, parameterName: parameter.name)
            }
            names.append(name)
        }
        return names
    }
}
