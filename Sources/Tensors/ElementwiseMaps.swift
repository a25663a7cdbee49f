/// A scalar function applied elementwise; generic so one definition serves `Float` and `Double`.
protocol UnaryMap {
    static func apply<T: KernelScalar>(_ x: T) -> T
    /// The float32 pass on `CKernels`' vector builds (`VectorMath`), for the maps built on `FloatMath`: their fused
    /// multiply-adds are single instructions only in code compiled for FMA, which Swift code here is not. nil: the
    /// generic loop, which the compiler vectorises to the baseline's width.
    static var floatKernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { get }
}
/// A scalar function of two same-shaped tensors' elements, e.g. a fused backward rule.
protocol BinaryMap {
    static func apply<T: KernelScalar>(_ x: T, _ y: T) -> T
    /// As `UnaryMap.floatKernel`: z = f(x, y) on `CKernels`' builds, or nil.
    static var floatKernel: ((UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { get }
}

extension UnaryMap {
    static var floatKernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { nil }
}

extension BinaryMap {
    static var floatKernel: ((UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { nil }
}

extension Tensor {
    /// `f(self)` elementwise into a new tensor (no graph).
    @inline(__always)
    func map<F: UnaryMap>(_: F.Type) -> Tensor {
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32: Tensor.mapKernel(F.self, pointer(Float.self), result.pointer(Float.self), elementCount)
        case .float64: Tensor.mapKernel(F.self, pointer(Double.self), result.pointer(Double.self), elementCount)
        }
        return result
    }

    /// `f(self, other)` elementwise into a new tensor (no graph, no broadcasting).
    @inline(__always)
    func zipMap<F: BinaryMap>(_ other: Tensor, _: F.Type) -> Tensor {
        require(shape == other.shape && dtype == other.dtype, "elementwise: shapes \(shape) and \(other.shape) (\(dtype), \(other.dtype)) differ")
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32: Tensor.zipKernel(F.self, pointer(Float.self), other.pointer(Float.self), result.pointer(Float.self), elementCount)
        case .float64: Tensor.zipKernel(F.self, pointer(Double.self), other.pointer(Double.self), result.pointer(Double.self), elementCount)
        }
        return result
    }

    /// y = f(x) elementwise, split over `WorkerPool.current` when long enough (each element is computed alone, so
    /// the result is the same for every thread count).
    @inline(__always)
    static func mapKernel<F: UnaryMap, T: KernelScalar>(_: F.Type, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ count: Int) {
        if T.self == Float.self, let kernel = F.floatKernel {
            let x = UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), y = UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self)
            WorkerPool.forEachRangeOnCurrent(of: count) { range in kernel(x + range.lowerBound, y + range.lowerBound, range.count) }
            return
        }
        WorkerPool.forEachRangeOnCurrent(of: count) { range in
            for index in range { y[index] = F.apply(x[index]) }
        }
    }

    /// z = f(x, y) elementwise, split as `mapKernel`.
    @inline(__always)
    static func zipKernel<F: BinaryMap, T: KernelScalar>(_: F.Type, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ z: UnsafeMutablePointer<T>, _ count: Int) {
        if T.self == Float.self, let kernel = F.floatKernel {
            let x = UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), y = UnsafeRawPointer(y).assumingMemoryBound(to: Float.self)
            let z = UnsafeMutableRawPointer(z).assumingMemoryBound(to: Float.self)
            WorkerPool.forEachRangeOnCurrent(of: count) { range in
                kernel(x + range.lowerBound, y + range.lowerBound, z + range.lowerBound, range.count)
            }
            return
        }
        WorkerPool.forEachRangeOnCurrent(of: count) { range in
            for index in range { z[index] = F.apply(x[index], y[index]) }
        }
    }
}

// MARK: - Forward maps

enum ExpMap: UnaryMap {
    @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { T.exponential(x) }
    static var floatKernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { { VectorMath.exp($0, $1, count: $2) } }
}
enum LogMap: UnaryMap {
    @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { T.logarithm(x) }
    static var floatKernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { { VectorMath.log($0, $1, count: $2) } }
}
enum TanhMap: UnaryMap {
    @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { T.hyperbolicTangent(x) }
    static var floatKernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { { VectorMath.tanh($0, $1, count: $2) } }
}
enum SigmoidMap: UnaryMap {
    @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { T.logistic(x) }
    static var floatKernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { { VectorMath.sigmoid($0, $1, count: $2) } }
}
enum SoftplusMap: UnaryMap {
    @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { T.softplus(x) }
    static var floatKernel: ((UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? { { VectorMath.softplus($0, $1, count: $2) } }
}
enum ReLUMap: UnaryMap { @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { x > 0 ? x : 0 } }
enum SquareMap: UnaryMap { @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { x * x } }
enum SquareRootMap: UnaryMap { @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { x.squareRoot() } }
enum NegateMap: UnaryMap { @inline(__always) static func apply<T: KernelScalar>(_ x: T) -> T { -x } }

// MARK: - Backward maps: (upstream gradient, saved value) → input gradient

/// tanh′ from the output y: 1 − y².
enum TanhBackward: BinaryMap { @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ y: T) -> T { g * (1 - y * y) } }
/// σ′ from the output y: y (1 − y).
enum SigmoidBackward: BinaryMap { @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ y: T) -> T { g * y * (1 - y) } }
/// softplus′(x) = σ(x).
enum SoftplusBackward: BinaryMap {
    @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ x: T) -> T { g * T.logistic(x) }
    static var floatKernel: ((UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void)? {
        { VectorMath.softplusBackward($0, $1, $2, count: $3) }
    }
}
/// relu′(x) = 1 where x > 0.
enum ReLUBackward: BinaryMap { @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ x: T) -> T { x > 0 ? g : 0 } }
/// (x²)′ = 2x.
enum SquareBackward: BinaryMap { @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ x: T) -> T { 2 * g * x } }
/// (√x)′ from the output y: 1 / (2y).
enum SquareRootBackward: BinaryMap { @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ y: T) -> T { g / (2 * y) } }
/// exp′ from the output y: y.
enum ProductMap: BinaryMap { @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ y: T) -> T { g * y } }
/// log′(x) = 1 / x.
enum QuotientMap: BinaryMap { @inline(__always) static func apply<T: KernelScalar>(_ g: T, _ x: T) -> T { g / x } }
