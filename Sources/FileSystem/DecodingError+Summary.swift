extension DecodingError {
    /// The keys from the top of the document down to the value that failed (empty when the decoder names none).
    package var codingPath: [any CodingKey] {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath
        @unknown default:
            return []
        }
    }

    /// One line naming the key and what was wrong with it, e.g. `key "epochs": expected a value of type Int`.
    package var summary: String {
        switch self {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "key \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": expected a value of type \(type)"
        case .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "key \"\(path)\": ") + context.debugDescription
        case .keyNotFound(let key, _):
            return "missing key \"\(key.stringValue)\""
        @unknown default:
            return "\(self)"
        }
    }
}
