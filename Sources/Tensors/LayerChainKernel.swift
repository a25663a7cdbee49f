import CKernels

/// The products of a layer chain on pointers: `CKernels`' register tiles (`lgf_chain_multiply`) for Float, the same sums
/// in plain loops for Double (the finite-difference checks).
enum LayerChainKernel {
    /// The operands of one product; see `lgf_chain_product`.
    struct Product<T> {
        var rows: Int, depth: Int, units: Int
        var a: UnsafePointer<T>, aRowStep: Int, aDepthStep: Int
        var b: UnsafePointer<T>, ldb: Int
        var c: UnsafeMutablePointer<T>, ldc: Int
        var accumulate = false
        var bias: UnsafePointer<T>? = nil
        var addend: UnsafePointer<T>? = nil, ldAddend = 0
        var paired: UnsafePointer<T>? = nil, ldPaired = 0
        var finish = Int32(LGF_CHAIN_NONE)
    }

    static func multiply<T: KernelScalar>(_ p: Product<T>, level: Int32) {
        guard p.rows > 0 else { return }
        if T.self == Float.self {
            let f = unsafeBitCast(p, to: Product<Float>.self)
            var operands = lgf_chain_product(rows: f.rows, depth: f.depth, units: f.units, a: f.a, a_row_step: f.aRowStep,
                                             a_depth_step: f.aDepthStep, b: f.b, ldb: f.ldb, c: f.c, ldc: f.ldc, accumulate: f.accumulate,
                                             bias: f.bias, addend: f.addend, ld_addend: f.ldAddend, paired: f.paired, ld_paired: f.ldPaired,
                                             finish: f.finish)
            lgf_chain_multiply(level, &operands)
            return
        }
        let columns = p.units * 8
        var sums = [T](repeating: 0, count: columns)
        for i in 0..<p.rows {
            for column in 0..<columns { sums[column] = 0 }
            for d in 0..<p.depth {
                let a = p.a[i * p.aRowStep + d * p.aDepthStep], b = p.b + d * p.ldb
                for column in 0..<columns { sums[column] = sums[column].addingProduct(a, b[column]) }
            }
            let c = p.c + i * p.ldc
            for column in 0..<columns {
                var value = sums[column]
                if p.accumulate { value = c[column] + value } else if let bias = p.bias { value = bias[column] + value }
                if let addend = p.addend { value = addend[i * p.ldAddend + column] + value }
                let y = p.paired.map { $0[i * p.ldPaired + column] } ?? 0
                switch p.finish {
                case Int32(LGF_CHAIN_TANH): value = T.hyperbolicTangent(value)
                case Int32(LGF_CHAIN_RELU): value = max(value, 0)
                case Int32(LGF_CHAIN_TANH_DERIVATIVE): value *= 1 - y * y
                case Int32(LGF_CHAIN_RELU_DERIVATIVE): value = y > 0 ? value : 0
                default: break
                }
                c[column] = value
            }
        }
    }

    /// sums[·] += Σ_{r < rows} x[r·ldx + ·] over `units` × 8 columns.
    static func columnSums<T: KernelScalar>(_ x: UnsafePointer<T>, rows: Int, ldx: Int, units: Int, into sums: UnsafeMutablePointer<T>, level: Int32) {
        if T.self == Float.self {
            lgf_chain_column_sums(level, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), rows, ldx, units,
                                  UnsafeMutableRawPointer(sums).assumingMemoryBound(to: Float.self))
            return
        }
        for r in 0..<rows { for column in 0..<(units * 8) { sums[column] += x[r * ldx + column] } }
    }
}
