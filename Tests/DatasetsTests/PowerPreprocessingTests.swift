import Testing
@testable import Datasets

/// Goldens from NumPy 2.4.6 running MAF's `power.py` on the same 50 × 8 table
/// (`x[i, j] = ((13i + 7j + ij) mod 29) · 0.25 + j`): `rng = RandomState(42)`, `rng.shuffle(data)`,
/// `np.delete` of columns 3 then 1, noise `0.01·rng.rand(N, 1)`, `0.001·rng.rand(N, 1)`, `rng.rand(N, 3)`
/// stacked as (gap, voltage, sm, zeros), `maf_split`, standardise by `vstack((train, val))`, ddof 0.
@Suite struct PowerPreprocessingTests {
    static func entry(_ i: Int, _ j: Int) -> Double {
        let residue: Int = (i * 13 + j * 7 + i * j) % 29
        return Double(residue) * 0.25 + Double(j)
    }

    static func rawTable() -> DataTable {
        DataTable(rows: (0 ..< 50).map { i in (0 ..< 8).map { j in entry(i, j) } })
    }

    @Test func matchesNumPyBitForBitInItsRandomDraws() throws {
        let directory = try TemporaryDirectory()
        try directory.write(NPYWriter.data(of: Self.rawTable()), to: "power/data.npy")
        let splits = try UCIDataset.power.load(from: DataDirectory(path: directory.path), sizeCheck: .skipped)
        #expect(splits.sizes == SplitSizes(train: 41, validation: 4, test: 5))
        #expect(isClose(splits.train.row(0), [1.1382125280823234, -0.9164658283409337, 0.11471175695174206,
                                              -0.618655633186658, 1.6639022607775622, 0.5971298179198107]))
        #expect(isClose(splits.validation.row(3), [1.6112719279890408, 1.3480185180624138, 0.7135451325229142,
                                                   0.5942029912491607, 0.16042282259654322, -0.013571132225450635]))
        #expect(isClose(splits.test.row(4), [-1.5824731065308113, -1.166354893588975, -0.9185878161554413,
                                             1.1463246897134725, -0.3836586706899999, 1.4521111481231763]))
    }

    @Test func needsEightColumns() {
        let narrow = DataTable(rows: (0 ..< 20).map { i in (0 ..< 7).map { Double(i + $0) } })
        #expect(datasetError { try PowerPreprocessing.splits(from: narrow, source: "data.npy") }
            == .wrongDimension(source: "data.npy", expected: 8, found: 7))
    }
}
