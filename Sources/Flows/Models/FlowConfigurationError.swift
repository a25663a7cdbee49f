/// A model description that cannot be built, with what was wrong.
public enum FlowConfigurationError: Error, CustomStringConvertible, Equatable {
    case invalid(field: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case .invalid(let field, let value, let requirement):
            return "invalid model configuration: \(field) is \(value), but \(requirement)"
        }
    }
}
