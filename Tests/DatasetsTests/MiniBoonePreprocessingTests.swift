import Testing
@testable import Datasets

/// Goldens from NumPy 2.4.6 running MAF's `miniboone.py` steps on the same 37 × 4 table
/// (`x[i, j] = ((37i + 11j + 3i²) mod 23) · 0.5 + 1.25 j`): `maf_split`, then
/// `mu, s = vstack((train, val)).mean(0), .std(0)` and `(split − mu) / s`.
@Suite struct MiniBoonePreprocessingTests {
    static func entry(_ i: Int, _ j: Int) -> Double {
        let residue: Int = (i * 37 + j * 11 + i * i * 3) % 23
        return Double(residue) * 0.5 + Double(j) * 1.25
    }

    static func rawTable() -> DataTable {
        DataTable(rows: (0 ..< 37).map { i in (0 ..< 4).map { j in entry(i, j) } })
    }

    @Test func matchesNumPyOnAFileInTheCanonicalLayout() throws {
        let directory = try TemporaryDirectory()
        try directory.write(NPYWriter.data(of: Self.rawTable()), to: "miniboone/data.npy")
        let splits = try UCIDataset.miniboone.load(from: DataDirectory(path: directory.path), sizeCheck: .skipped)
        #expect(splits.sizes == SplitSizes(train: 31, validation: 3, test: 3))
        #expect(isClose(splits.train.row(0), [-1.273280947299952, -0.07369282298517829, 1.7388827612137028, -0.4122281251796441]))
        #expect(isClose(splits.validation.row(2), [-0.7904755323386319, 0.3960989235453332, -1.0697639789889524, 0.08244562503592882]))
        #expect(isClose(splits.test.row(2), [2.2672920957497285, -0.23029007182868214, 1.59845042420357, -0.5771193752515017]))
    }

    @Test func standardisesByTrainAndValidationOnly() throws {
        let splits = try MiniBoonePreprocessing.splits(from: Self.rawTable(), source: "t")
        let trainAndValidation = DataTable.vstack([splits.train, splits.validation])
        #expect(isClose(trainAndValidation.columnMeans(), [0, 0, 0, 0]))
        #expect(isClose(trainAndValidation.columnStandardDeviations(), [1, 1, 1, 1]))
        #expect(!isClose(splits.test.columnMeans(), [0, 0, 0, 0], tolerance: 1e-3))
    }
}
