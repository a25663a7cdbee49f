import Testing
@testable import Datasets

/// Goldens from NumPy 2.4.6 re-running MAF's `hepmass.py` with pandas' semantics in NumPy
/// (positional columns, `std` with ddof 1, `Counter` on the standardised train features) on the
/// files written below: label-1 rows, drop the label (and the test file's last column), standardise by
/// train statistics, drop features whose minimum occurs > 5 times (here f2, which takes 3 values),
/// validation = the last `int(0.1 N)` train rows.
@Suite struct HepmassPreprocessingTests {
    static func features(_ i: Int, isTest: Bool) -> [Double] {
        let f0: Double = Double((i * 7) % 13) * 0.5 + (isTest ? 0.25 : 0)
        let f1: Double = Double((i * i) % 11) - 3.0
        let f2: Double = Double(isTest ? (i + 1) % 3 : i % 3)
        let f3: Double = Double((i * 5 + 1) % 17) * 0.25
        let f4: Double = Double((i * 3) % 7) * 1.0 + Double(i) * 0.001
        return [f0, f1, f2, f3, f4]
    }

    static func csv(header: String, rows: [[Double]]) -> String {
        ([header] + rows.map { $0.map { "\($0)" }.joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    static func writeFiles(to directory: TemporaryDirectory) throws {
        let train = (0 ..< 40).map { i in [i % 3 == 0 ? 0.0 : 1.0] + features(i, isTest: false) }
        let test = (0 ..< 15).map { i in [Double(i % 2)] + features(i, isTest: true) + [1000] }
        try directory.write(csv(header: "# label,f0,f1,f2,f3,f4", rows: train), to: "hepmass/1000_train.csv")
        try directory.write(csv(header: "# label,f0,f1,f2,f3,f4,mass", rows: test), to: "hepmass/1000_test.csv")
    }

    @Test func matchesNumPyOnTheUCICSVFormat() throws {
        let directory = try TemporaryDirectory()
        try Self.writeFiles(to: directory)
        let splits = try UCIDataset.hepmass.load(from: DataDirectory(path: directory.path), sizeCheck: .skipped)
        #expect(splits.sizes == SplitSizes(train: 24, validation: 2, test: 7))
        #expect(isClose(splits.train.row(0), [0.26207120918047955, -1.0556973905699403, -0.33475499131763065, -0.02754372054726134]))
        #expect(isClose(splits.validation.row(1), [0.0, -0.32374719977478167, -0.749213551996602, -0.4932018401031836]))
        #expect(isClose(splits.test.row(6), [-1.4413916504926376, 0.04222789562279762, 1.5303085317377405, 0.4618083220182561]))
    }

    @Test func requiresMatchingFeatureCounts() {
        let train = DataTable(rows: (0 ..< 20).map { i in [1] + Self.features(i, isTest: false) })
        let test = DataTable(rows: (0 ..< 5).map { i in [1] + Self.features(i, isTest: true) })
        #expect(datasetError { try HepmassPreprocessing.splits(train: train, test: test, trainSource: "a.csv", testSource: "b.csv") }
            == .columnCountMismatch(firstPath: "a.csv", firstColumns: 5, secondPath: "b.csv", secondColumns: 4))
    }

    @Test func requiresSignalRows() {
        let train = DataTable(rows: (0 ..< 20).map { i in [0] + Self.features(i, isTest: false) })
        let test = DataTable(rows: (0 ..< 5).map { i in [1] + Self.features(i, isTest: true) + [1000] })
        #expect(datasetError { try HepmassPreprocessing.splits(train: train, test: test, trainSource: "a.csv", testSource: "b.csv") }
            == .tooFewRows(source: "a.csv (label-1 rows)", rowCount: 0, minimum: 2))
    }
}
