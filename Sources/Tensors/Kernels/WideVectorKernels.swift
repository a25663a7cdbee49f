#if arch(x86_64)
import AVX512Kernels
#endif

extension Tensor {
    /// tanh computed by the AVX-512 build of `FloatMath.tanh` (`AVX512Kernels.AVX512Math`, bit-identical, twice
    /// the lanes), or nil when the tensor is not float32 or the CPU lacks AVX-512. Long tensors are split over
    /// `WorkerPool.current` (elementwise: the same result for every thread count).
    func tanhOnWideVectors() -> Tensor? {
        #if arch(x86_64)
        guard dtype == .float32, CPUFeatures.hasAVX512 else { return nil }
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        let x = pointer(Float.self), y = result.pointer(Float.self)
        WorkerPool.forEachRangeOnCurrent(of: elementCount) { range in
            AVX512Math.tanh(x + range.lowerBound, y + range.lowerBound, count: range.count)
        }
        return result
        #else
        return nil
        #endif
    }
}
