import Tensors

/// The safetensors spelling of the element types `Tensor` supports.
enum SafeTensorsDType {
    /// The header's `dtype` string for `dtype`.
    static func name(of dtype: DType) -> String {
        switch dtype {
        case .float32: return "F32"
        case .float64: return "F64"
        }
    }

    /// The element type spelled `name`, or `nil` for any other safetensors dtype (F16, BF16, I64, …).
    static func dtype(named name: String) -> DType? {
        switch name {
        case "F32": return .float32
        case "F64": return .float64
        default: return nil
        }
    }
}
