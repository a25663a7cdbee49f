#if arch(x86_64)
// MARK: - Starting and finishing a tile's rows: bias seeds, whole-vector and partial stores
extension AVX512GEMM {
    /// The accumulators' starting values for the panel at `column0`: the bias columns (zero-padded), or zero.
    @inline(__always)
    static func seed(_ bias: UnsafePointer<Float>?, column0: Int, columns: Int) -> (Vector, Vector) {
        guard let bias else { return (Vector(), Vector()) }
        let width = Vector.scalarCount
        if columns == 2 * width { return (load(bias + column0), load(bias + column0 + width)) }
        if columns > width { return (load(bias + column0), loadPart(bias + column0 + width, columns - width)) }
        return (loadPart(bias + column0, columns), Vector())
    }

    /// The first `count` (≤ 16) floats at `source` in the low lanes of a vector, zeros above, by one copy into the
    /// vector's bytes (setting lanes one by one at a run-time index spilled the vector for every lane). Not inlined,
    /// like `storePart`.
    @inline(never)
    static func loadPart(_ source: UnsafePointer<Float>, _ count: Int) -> Vector {
        var result = Vector()
        withUnsafeMutableBytes(of: &result) { $0.baseAddress!.copyMemory(from: source, byteCount: count * MemoryLayout<Float>.stride) }
        return result
    }

    /// Writes (or adds) the first `columns` of the 2-vector row `low, high` at `target`: whole vectors where they fit,
    /// pieces (`storePart`) for the columns past the last whole vector.
    /// (`PortableGEMM.store` is the AVX2 build's deliberate copy; see `AVX512GEMM+Tiles.swift`.)
    @inline(__always)
    static func store(_ target: UnsafeMutablePointer<Float>, _ low: Vector, _ high: Vector, _ columns: Int, _ overwrite: Bool) {
        let width = Vector.scalarCount
        if columns >= width {
            save(overwrite ? low : load(target) + low, target)
            if columns == 2 * width {
                save(overwrite ? high : load(target + width) + high, target + width)
            } else {
                storePart(target + width, high, columns - width, overwrite)
            }
        } else {
            storePart(target, low, columns, overwrite)
        }
    }

    /// Writes (or adds) the first `count` (< 16) lanes of `v` at `target` as at most four stores of 8, 4, 2 and 1 lanes:
    /// reading lanes one by one at a run-time index spills the vector and cost ~5 cycles per element, which made
    /// products with narrow results (n = 1…16 columns) several times slower than their arithmetic. Not inlined: taking
    /// vector halves inside a tile makes the compiler keep its accumulators as pairs of halves in the inner loop.
    @inline(never)
    static func storePart(_ target: UnsafeMutablePointer<Float>, _ v: Vector, _ count: Int, _ overwrite: Bool) {
        let p = UnsafeMutableRawPointer(target)
        var offset = 0
        var rest8 = v.lowHalf
        if count & 8 != 0 {
            p.storeBytes(of: overwrite ? v.lowHalf : p.loadUnaligned(as: SIMD8<Float>.self) + v.lowHalf, as: SIMD8<Float>.self)
            rest8 = v.highHalf
            offset = 32
        }
        var rest4 = rest8.lowHalf
        if count & 4 != 0 {
            let q = p + offset
            q.storeBytes(of: overwrite ? rest8.lowHalf : q.loadUnaligned(as: SIMD4<Float>.self) + rest8.lowHalf, as: SIMD4<Float>.self)
            rest4 = rest8.highHalf
            offset += 16
        }
        var rest2 = rest4.lowHalf
        if count & 2 != 0 {
            let q = p + offset
            q.storeBytes(of: overwrite ? rest4.lowHalf : q.loadUnaligned(as: SIMD2<Float>.self) + rest4.lowHalf, as: SIMD2<Float>.self)
            rest2 = rest4.highHalf
            offset += 8
        }
        if count & 1 != 0 {
            let q = p + offset
            q.storeBytes(of: overwrite ? rest2[0] : q.load(as: Float.self) + rest2[0], as: Float.self)
        }
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) static func save(_ v: Vector, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self) }
}
#endif
