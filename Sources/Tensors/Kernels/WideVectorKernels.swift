#if arch(x86_64)
import AVX512Kernels
#endif

extension Tensor {
    /// tanh computed by the AVX-512 build of `FloatMath.tanh` (`AVX512Kernels.AVX512Math`, bit-identical, twice
    /// the lanes), or nil when the tensor is not float32 or the CPU lacks AVX-512.
    func tanhOnWideVectors() -> Tensor? {
        #if arch(x86_64)
        guard dtype == .float32, CPUFeatures.hasAVX512 else { return nil }
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        AVX512Math.tanh(pointer(Float.self), result.pointer(Float.self), count: elementCount)
        return result
        #else
        return nil
        #endif
    }
}
