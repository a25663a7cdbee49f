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
