#if arch(x86_64)
/// Elementwise tanh over float32 buffers in 16-lane vectors: Tensors' `FloatMath.tanh` (Cephes `tanhf.c` with its
/// `expf.c` kernel), operation for operation, so the results are bit-identical to it (every step is a correctly
/// rounded IEEE operation or an exact bit manipulation; `AVX512MathTests` checks equality on a dense grid).
///
/// Why a copy: tanh is the largest cost after the matrix products in the tanh networks of every flow (15–25% of
/// a 2-D LGF-MAF step), and this module is the only one compiled for AVX-512, where the same code runs on twice
/// the lanes of the AVX2 build. Call only on a CPU with AVX-512 (Tensors checks).
public enum AVX512Math {
    private typealias Vector = SIMD16<Float>
    private typealias Bits = SIMD16<UInt32>

    /// destination[i] = tanh(source[i]) for i < count; the buffers may be the same (in place).
    @inline(never)
    public static func tanh(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
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

    /// `FloatMath.tanh`, lane by lane.
    @inline(__always)
    private static func tanh(_ x: Vector) -> Vector {
        let a = float(bits(x) & Bits(repeating: 0x7FFF_FFFF))
        let a2 = a * a
        var p = Vector(repeating: -5.704_988_727_45e-3)
        p = fma(p, a2, Vector(repeating: 2.063_908_879_54e-2))
        p = fma(p, a2, Vector(repeating: -5.373_971_555_31e-2))
        p = fma(p, a2, Vector(repeating: 1.333_144_220_36e-1))
        p = fma(p, a2, Vector(repeating: -3.333_328_194_22e-1))
        let small = fma(p * a2, a, a)
        let twoA = a + a
        let e = expClamped(twoA.replacing(with: 40, where: twoA .> 40))
        let large = 1 - 2 / (e + 1)
        let magnitude = large.replacing(with: small, where: a .< 0.625)
        return float(bits(magnitude) | (bits(x) & Bits(repeating: 0x8000_0000)))
    }

    /// `FloatMath.expClamped`, lane by lane: eᵗ for t in [−87.5, 88.75] or NaN.
    @inline(__always)
    private static func expClamped(_ t: Vector) -> Vector {
        let magic = Vector(repeating: 12_582_912)
        let shifted = fma(t, Vector(repeating: 1.442_695_040_888_963_4), magic)
        let n = shifted - magic
        var r = fma(n, Vector(repeating: -0.693_359_375), t)
        r = fma(n, Vector(repeating: 2.121_944_400_546_905_8e-4), r)
        let z = r * r
        var p = Vector(repeating: 1.987_569_150_0e-4)
        p = fma(p, r, Vector(repeating: 1.398_199_950_7e-3))
        p = fma(p, r, Vector(repeating: 8.333_451_907_3e-3))
        p = fma(p, r, Vector(repeating: 4.166_579_589_4e-2))
        p = fma(p, r, Vector(repeating: 1.666_666_545_9e-1))
        p = fma(p, r, Vector(repeating: 5.000_000_120_1e-1))
        let y = fma(p, z, r) + 1
        let big = n .> 0
        let adjusted = bits(shifted) &- Bits(repeating: 0).replacing(with: 1, where: big)
        let scale = float((adjusted &+ 127) &<< 23)
        return (y + y).replacing(with: y, where: .!big) * scale
    }
}
#endif
