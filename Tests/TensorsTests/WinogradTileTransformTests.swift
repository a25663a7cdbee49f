import CKernels
import Testing
import TestSupport

/// The tile transforms of `CKernels` (`lgf_winograd_transform_*`, `lgf_winograd_output_*`) in every build (portable,
/// AVX2 + FMA, AVX-512; levels above the CPU's run its own) against the float64 build, on a plane whose tiles reach
/// past it and a channel count that leaves partial 16-channel blocks.
struct WinogradTileTransformTests {
    static let (channels, height, width) = (20, 7, 9)

    static func tiling(_ tile: Int) -> lgf_winograd_tiling {
        lgf_winograd_tiling(height: height, width: width, tile: tile, tile_rows: (height + tile - 1) / tile, tile_columns: (width + tile - 1) / tile)
    }

    static func relativeDifference(_ single: [Float], _ double: [Double]) -> Double {
        let scale = double.map(abs).max() ?? 1
        return zip(single, double).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
    }

    @Test(arguments: [2, 4], [LGF_LEVEL_PORTABLE, LGF_LEVEL_AVX2, LGF_LEVEL_AVX512])
    func transformsMatchTheFloat64Build(tile: Int, level: Int32) {
        var tiling = Self.tiling(tile)
        let positions = (tile + 2) * (tile + 2), tiles = tiling.tile_rows * tiling.tile_columns
        let x = randomDoubles([Self.channels, Self.height, Self.width], seed: 3).doubles
        for kind in [LGF_WINOGRAD_DATA, LGF_WINOGRAD_OUTPUT_GRADIENT] {
            let scratchCount = lgf_winograd_transform_scratch_count(&tiling, kind, Self.channels)
            var double = [Double](repeating: .nan, count: positions * tiles * Self.channels), single = [Float](repeating: .nan, count: double.count)
            var doubleScratch = [Double](repeating: .nan, count: scratchCount), singleScratch = [Float](repeating: .nan, count: scratchCount)
            lgf_winograd_transform_f64(level, &tiling, kind, x, Self.channels, &doubleScratch, &double, tiles * Self.channels)
            lgf_winograd_transform_f32(level, &tiling, kind, x.map(Float.init), Self.channels, &singleScratch, &single, tiles * Self.channels)
            #expect(double.allSatisfy { $0.isFinite })
            #expect(Self.relativeDifference(single, double) < 1e-6)
        }
    }

    @Test(arguments: [2, 4], [LGF_LEVEL_PORTABLE, LGF_LEVEL_AVX2, LGF_LEVEL_AVX512])
    func outputTransformsMatchTheFloat64Build(tile: Int, level: Int32) {
        var tiling = Self.tiling(tile)
        let positions = (tile + 2) * (tile + 2), tiles = tiling.tile_rows * tiling.tile_columns, plane = Self.height * Self.width
        let products = randomDoubles([positions * tiles * Self.channels], seed: 4).doubles, bias = randomDoubles([Self.channels], seed: 5).doubles
        let start = randomDoubles([Self.channels * plane], seed: 6).doubles
        let scratchCount = lgf_winograd_output_scratch_count(&tiling, Self.channels)
        var doubleScratch = [Double](repeating: .nan, count: scratchCount), singleScratch = [Float](repeating: .nan, count: scratchCount)
        for accumulate in [false, true] {
            var double = start, single = start.map(Float.init)
            lgf_winograd_output_f64(level, &tiling, products, tiles * Self.channels, Self.channels, bias, accumulate, &double, &doubleScratch)
            lgf_winograd_output_f32(level, &tiling, products.map(Float.init), tiles * Self.channels, Self.channels, bias.map(Float.init), accumulate,
                                    &single, &singleScratch)
            #expect(double.allSatisfy { $0.isFinite } && double != start)
            #expect(Self.relativeDifference(single, double) < 1e-6)
        }
    }
}
