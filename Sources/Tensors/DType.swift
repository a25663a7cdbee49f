/// The scalar type of a tensor's elements: `float32` for training, `float64` for numerical checks.
public enum DType: String, Sendable, CaseIterable, Codable {
    case float32
    case float64

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float32: return MemoryLayout<Float>.stride
        case .float64: return MemoryLayout<Double>.stride
        }
    }
}
