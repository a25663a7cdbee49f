import CKernels

/// The nonlinearity between the layers of a `Tensor.layerChain` (the last layer is linear).
public enum ChainActivation: Sendable {
    case tanh
    case relu
}

/// Where everything of one `Tensor.layerChain` call lives: each layer's width padded to whole 8-float units (the
/// padding columns hold zeros in the weights and biases, so they never reach a real value), the packed weights, the
/// activations kept for the backward pass, and the division of the rows into parts and blocks.
///
/// Rows are divided into parts by the row count alone, never by the thread count: each part accumulates its own
/// weight and bias gradients, and the parts' sums are added in part order, so the result is the same on any number
/// of threads. Within a part, blocks of rows go through every layer while they are in L1 (a block's widest
/// activation is at most 16 KB) and the chain's weights are in L2 (a 128-wide chain of four layers holds 256 KB).
struct LayerChainLayout {
    /// Widths of the input and of every layer's output.
    let widths: [Int]
    /// `widths` rounded up to multiples of 8.
    let strides: [Int]
    let rows: Int
    let blockRows: Int
    let partRows: Int

    /// A part has at least this many rows, so that its gradient partials cost little beside its products.
    static let minimumPartRows = 256
    /// Parts are at most this many.
    static let maximumParts = 8
    /// The widest activation a block holds, in floats (16 KB).
    static let blockFloats = 4096

    init(widths: [Int], rows: Int) {
        self.widths = widths
        strides = widths.map { ($0 + 7) / 8 * 8 }
        self.rows = rows
        let widest = strides.max() ?? 8
        blockRows = max(8, Self.blockFloats / widest / 8 * 8)
        let spread = (rows + Self.maximumParts - 1) / Self.maximumParts
        partRows = max(Self.minimumPartRows, (spread + blockRows - 1) / blockRows * blockRows)
    }

    var depth: Int { widths.count - 1 }
    var partCount: Int { max(1, (rows + partRows - 1) / partRows) }
    func part(_ index: Int) -> Range<Int> { (index * partRows)..<min(rows, (index + 1) * partRows) }
    var widestStride: Int { strides.max() ?? 8 }

    // MARK: Packed weights: per layer (W ⊙ M)ᵀ `[in][outStride]`, W ⊙ M `[out][inStride]`, then the bias `[outStride]`

    func forwardWeightOffset(_ layer: Int) -> Int { packedOffset(layer) }
    func backwardWeightOffset(_ layer: Int) -> Int { packedOffset(layer) + widths[layer] * strides[layer + 1] }
    func biasOffset(_ layer: Int) -> Int { backwardWeightOffset(layer) + widths[layer + 1] * strides[layer] }
    var packedCount: Int { packedOffset(depth) }
    private func packedOffset(_ layer: Int) -> Int {
        (0..<layer).reduce(0) { $0 + widths[$1] * strides[$1 + 1] + widths[$1 + 1] * strides[$1] + strides[$1 + 1] }
    }

    // MARK: Activations: layer l's `[rows][strides[l]]`, the padded input first

    func activationOffset(_ layer: Int) -> Int { rows * strides[..<layer].reduce(0, +) }
    var activationCount: Int { rows * strides.reduce(0, +) }

    // MARK: Gradient partials of one part: per layer dW `[out][inStride]`, then db `[outStride]`

    func weightGradientOffset(_ layer: Int) -> Int { partialOffset(layer) }
    func biasGradientOffset(_ layer: Int) -> Int { partialOffset(layer) + widths[layer + 1] * strides[layer] }
    var partialCount: Int { partialOffset(depth) }
    private func partialOffset(_ layer: Int) -> Int {
        (0..<layer).reduce(0) { $0 + widths[$1 + 1] * strides[$1] + strides[$1 + 1] }
    }

    /// Block scratch of one part: two gradient blocks and a padded block of the first layer's addend.
    var blockScratchCount: Int { blockRows * (2 * widestStride + strides[min(1, depth)]) }
}

/// The products of a layer chain on pointers: `CKernels`' 16-lane kernel for Float, the same sums in plain loops for
/// Double (the finite-difference checks).
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
