import CKernels

/// Winograd's minimal filtering F(m × m, 3 × 3), m = 2 or 4, for a stride-1 convolution with padding 1: each m × m block
/// of outputs from the α × α input tile d around it (α = m + 2) as Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, so that a layer's
/// channel sums become α² matrix products of depth C instead of 9 (Lavin & Gray, *Fast Algorithms for Convolutional
/// Neural Networks*, CVPR 2016, arXiv:1509.09308, eq. (8) and §4.2): 2.25× fewer multiplications for F(2 × 2, 3 × 3)
/// and 4× for F(4 × 4, 3 × 3). The matrices live in `CKernels` (`lgf_winograd_matrix`), beside the tile transforms.
///
/// **Error.** In a floating-point type with unit roundoff u, every term of the expanded sum passes through at most
/// n = C + 4α + 11 roundings (`roundingDepth`), so each output differs from the exact convolution by at most
/// γₙ·Σ_c |Aᵀ|[(|G| |g_c| |Gᵀ|) ⊙ (|Bᵀ| |d_c| |B|)]|A| ≤ γₙ·C·κ·max|g|·max|d|, γₙ = n·u/(1 − n·u) (Higham, *Accuracy
/// and Stability of Numerical Algorithms*, 2nd ed., §3.1, applied term by term). κ, the largest entry of
/// |Aᵀ|[(|G|𝟙|Gᵀ|) ⊙ (|Bᵀ|𝟙|B|)]|A|, is 64 for F(2 × 2, 3 × 3) and 2304 for F(4 × 4, 3 × 3), against 9 (and n = 9C) for
/// the direct sum: the transforms' "amplification" (Barabasz et al., *Error Analysis and Improving the Accuracy of
/// Winograd Convolution for Deep Neural Networks*, ACM TOMS 2020, arXiv:1803.10986, §5). The weight gradient sums over
/// P tiles instead of C channels: n = P + 4α + 11 and κ = max |Gᵀ|[(|A|𝟙|Aᵀ|) ⊙ (|Bᵀ|𝟙|B|)]|G|, 36 and 2844 (the direct
/// sum has P·m² terms of weight 1, so κ = m² per tile). Errors on data of mixed signs are far below these worst cases:
/// measured in float32 against float64 on 64 → 64 channels, 28 × 28, max |error| / max |output| was 2.9·10⁻⁷ (F(2 × 2)),
/// 5.3·10⁻⁶ (F(4 × 4)) and 6.8·10⁻⁷ (direct) forward, alike within 2× for both gradients.
struct WinogradTransform: Sendable, Equatable {
    /// m, the side of each tile's block of outputs (2 or 4).
    let tile: Int

    /// F(2 × 2, 3 × 3): Bᵀ, G, Aᵀ with entries 0, ±1/2, ±1 (interpolation points 0, ±1).
    static let f2 = WinogradTransform(tile: 2)
    /// F(4 × 4, 3 × 3): points 0, ±1, ±2; entries up to 8 in Aᵀ and down to 1/24 in G.
    static let f4 = WinogradTransform(tile: 4)

    private init(tile: Int) { self.tile = tile }

    /// α = m + 2, the side of an input tile and of the grid of transformed positions.
    var alpha: Int { tile + 2 }
    /// α², the positions (ξ, ν), each one product.
    var positionCount: Int { alpha * alpha }

    /// Bᵀ (α × α, row-major).
    var dataMatrix: [Double] { matrix(0) }
    /// G (α × 3).
    var filterMatrix: [Double] { matrix(1) }
    /// Aᵀ (m × α).
    var outputMatrix: [Double] { matrix(2) }

    private func matrix(_ which: Int32) -> [Double] {
        var values = [Double](repeating: 0, count: 36)
        let count = lgf_winograd_matrix(tile, which, &values)
        return Array(values.prefix(count))
    }

    /// K = G ⊗ G, `[α²][9]`: K[ξ·α + ν][kh·3 + kw] = G[ξ][kh]·G[ν][kw], so that the transformed filters G g Gᵀ of every
    /// channel pair are one product K·g (g tap-major, `[9][pairs]`) and the filter gradient Gᵀ dU G is Kᵀ·dU.
    func filterProductMatrix<T: KernelScalar>(_: T.Type) -> [T] {
        let g = filterMatrix
        var k = [T](repeating: 0, count: positionCount * 9)
        for xi in 0..<alpha {
            for nu in 0..<alpha {
                for tap in 0..<9 { k[(xi * alpha + nu) * 9 + tap] = T(g[xi * 3 + tap / 3] * g[nu * 3 + tap % 3]) }
            }
        }
        return k
    }

    /// How one `height × width` plane is cut into m × m tiles (the last row and column of tiles may reach past it).
    func tiling(height: Int, width: Int) -> lgf_winograd_tiling {
        lgf_winograd_tiling(height: height, width: width, tile: tile, tile_rows: (height + tile - 1) / tile,
                            tile_columns: (width + tile - 1) / tile)
    }

    /// n of the error bound for a sum over `terms` channels (or tiles, for the weight gradient): the longest chain of
    /// roundings a term passes through, `terms` in the product, at most 3 in each of the four tile-transform passes,
    /// 10 in the filter transform (K's entries, the product and its 9-term sum).
    func roundingDepth(terms: Int) -> Int { terms + 4 * alpha + 11 }
}
