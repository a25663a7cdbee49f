import Testing
@testable import Datasets

/// Goldens from NumPy 2.4.6 re-running MAF's `gas.py` on the same 60 rows, with pandas' semantics
/// spelled out in NumPy (`corr` = `np.corrcoef(rowvar=False)`, `std` with ddof 1): drop time and both
/// concentrations, repeatedly drop the first column with B > 1, standardise, `maf_split`.
/// Sensors: `s_k[i] = ((i(k + 3) + k²) mod 31) · 1.5 + k`, except s3 = 2 s2 + 0.01 (i mod 3),
/// s7 = s6 + 0.001 (i mod 2) (both pairs correlate above 0.98) and s10 = −s9 (perfectly anti-correlated,
/// which MAF keeps). NumPy keeps sensors [0, 1, 3, 4, 5, 7, 8, …, 15].
@Suite struct GasPreprocessingTests {
    static func sensor(_ i: Int, _ k: Int) -> Double {
        let residue: Int = (i * (k + 3) + k * k) % 31
        return Double(residue) * 1.5 + Double(k)
    }

    static func rawText() -> String {
        var lines = ["Time (seconds), CO conc (ppm), Ethylene conc (ppm), Sensor readings (16 channels)"]
        for i in 0 ..< 60 {
            var sensors = (0 ..< 16).map { k in sensor(i, k) }
            sensors[3] = 2 * sensors[2] + Double(i % 3) * 0.01
            sensors[7] = sensors[6] + 0.001 * Double(i % 2)
            sensors[10] = -sensors[9]
            let row: [Double] = [Double(i) * 0.01, Double(i % 5) * 10, Double(i % 7) * 5] + sensors
            lines.append(row.map { "\($0)" }.joined(separator: "    "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func matchesNumPyOnTheUCITextFormat() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.rawText(), to: "gas/ethylene_CO.txt")
        let splits = try UCIDataset.gas.load(from: DataDirectory(path: directory.path), sizeCheck: .skipped)
        #expect(splits.sizes == SplitSizes(train: 49, validation: 5, test: 6))
        #expect(splits.train.columnCount == 14)
        #expect(isClose(splits.train.row(0), [
            -1.6407791983272206, -1.5271785851198854, -1.195734701474576, 0.07616549860151926, 1.0878029534372078,
            -1.080632797045056, -1.4217593088006681, 0.4501955134085666, -0.4501955134085666, 1.4221643449643238,
            0.5456005770530791, -0.08908857864204273, -0.5516308544842407, -0.7888558761510723]))
        #expect(isClose(splits.validation.row(4), [
            -1.1917632261510143, 1.3852891322236613, 0.7251212326952233, -0.03529620666899688, -0.007300690962665928,
            0.2494052173550035, 1.322949781548112, -1.2171952769935321, 1.2171952769935321, 1.198787746278828,
            -0.6709412501598677, 1.1358793776860419, -0.33024054499223776, -1.5666011061591718]))
        #expect(isClose(splits.test.row(5), [
            0.8288086486419141, 0.6011632083234757, 0.6121740001881791, 1.1907825513066808, -1.540445793122489,
            -0.6372375343143879, -1.6413360360285705, -0.10560141672546632, 0.10560141672546632, 0.19359305219409653,
            -1.0027253848543078, 1.4699615475937013, 0.6660158477217752, 0.09999581528675576]))
    }

    @Test func dropsTheFirstOfEachCorrelatedGroupGreedily() {
        // Columns 0, 1, 2 mutually correlated; 3 alone. MAF drops 0 (B = 3), then 1 (B = 2), keeps 2.
        let correlations: [[Double]] = [[1, 0.99, 0.99, 0], [0.99, 1, 0.99, 0], [0.99, 0.99, 1, 0], [0, 0, 0, 1]]
        #expect(GasPreprocessing.keptColumns(correlations: correlations) == [2, 3])
        // A chain 0–1–2 (0 and 2 uncorrelated): dropping 0 leaves 1–2, so 1 goes too.
        let chain: [[Double]] = [[1, 0.99, 0.5], [0.99, 1, 0.99], [0.5, 0.99, 1]]
        #expect(GasPreprocessing.keptColumns(correlations: chain) == [2])
    }

    @Test func needsNineteenColumns() {
        let narrow = DataTable(rows: (0 ..< 20).map { i in (0 ..< 18).map { Double(i * $0 % 7) } })
        #expect(datasetError { try GasPreprocessing.splits(from: narrow, source: "gas.txt") }
            == .wrongDimension(source: "gas.txt", expected: 19, found: 18))
    }
}
