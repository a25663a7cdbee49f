#if arch(x86_64)
/// Elementwise tanh over float32 buffers in 16-lane vectors: Tensors' `FloatMath.tanh` (a rational in x²),
/// operation for operation, so the results are bit-identical to it (every step is a correctly
/// rounded IEEE operation or an exact bit manipulation; `AVX512MathTests` checks equality on a dense grid).
///
/// Why a copy: tanh is the largest cost after the matrix products in the tanh networks of every flow (15–25% of
/// a 2-D LGF-MAF step), and this module is the only one compiled for AVX-512, where the same code runs on twice
/// the lanes of the AVX2 build. Call only on a CPU with AVX-512 (Tensors checks).
package enum AVX512Math {
    private typealias Vector = SIMD16<Float>
    private typealias Bits = SIMD16<UInt32>

    /// destination[i] = tanh(source[i]) for i < count; the buffers may be the same (in place).
    @inline(never)
    package static func tanh(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
        let whole = count / Vector.scalarCount * Vector.scalarCount
        var index = 0
        while index < whole {
            let x = UnsafeRawPointer(source + index).loadUnaligned(as: Vector.self)
            UnsafeMutableRawPointer(destination + index).storeBytes(of: tanh(x), as: Vector.self)
            index += Vector.scalarCount
        }
        if index < count {
            // The last partial vector through a copy (setting or reading lanes at a run-time index spills the vector
            // once per lane).
            let byteCount = (count - index) * MemoryLayout<Float>.stride
            var x = Vector(repeating: 0)
            withUnsafeMutableBytes(of: &x) { $0.baseAddress!.copyMemory(from: source + index, byteCount: byteCount) }
            var y = tanh(x)
            withUnsafeBytes(of: &y) { UnsafeMutableRawPointer(destination + index).copyMemory(from: $0.baseAddress!, byteCount: byteCount) }
        }
    }

    @inline(__always)
    private static func fma(_ a: Vector, _ b: Vector, _ c: Vector) -> Vector { c.addingProduct(a, b) }

    @inline(__always)
    private static func bits(_ v: Vector) -> Bits { unsafeBitCast(v, to: Bits.self) }

    @inline(__always)
    private static func float(_ b: Bits) -> Vector { unsafeBitCast(b, to: Vector.self) }

    /// `FloatMath.tanh`, lane by lane: a·P(a²)/Q(a²) on a = |x|, capped at 1, 1 above 9.1, the sign of x copied back.
    @inline(__always)
    private static func tanh(_ x: Vector) -> Vector {
        let a = float(bits(x) & Bits(repeating: 0x7FFF_FFFF))
        let s = a * a
        var p = Vector(repeating: -1.209_217_1e-11)
        p = fma(p, s, Vector(repeating: 3.044_293_4e-8))
        p = fma(p, s, Vector(repeating: 2.795_119_9e-5))
        p = fma(p, s, Vector(repeating: 0.003_865_626))
        p = fma(p, s, Vector(repeating: 0.136_777_82))
        p = fma(p, s, Vector(repeating: 1))
        var q = Vector(repeating: 1.283_344_2e-6)
        q = fma(q, s, Vector(repeating: 3.933_805e-4))
        q = fma(q, s, Vector(repeating: 0.027_236_026))
        q = fma(q, s, Vector(repeating: 0.470_111_16))
        q = fma(q, s, Vector(repeating: 1))
        let ratio = (a * p) / q
        let capped = ratio.replacing(with: 1, where: ratio .> 1)                        // NaN passes through
        let magnitude = capped.replacing(with: 1, where: a .> Vector(repeating: 9.1))    // NaN passes through
        return float(bits(magnitude) | (bits(x) & Bits(repeating: 0x8000_0000)))
    }
}
#endif
