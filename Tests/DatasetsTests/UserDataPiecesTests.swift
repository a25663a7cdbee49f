import Foundation
import Testing
@testable import Datasets

/// The pieces `lgf` prepares a user's file with: shuffling, column profiles, dequantisation, the Gaussian
/// baseline and gzip files.
@Suite struct UserDataPiecesTests {
    /// A small xorshift generator, so these tests need nothing from Tensors.
    struct Xorshift: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }

    @Test func shuffledRowsArePermutationsThatDependOnlyOnTheGenerator() {
        let table = DataTable(rows: (0 ..< 50).map { [Double($0), Double($0) * 10] }, columnNames: ["i", "ten"])
        var first = Xorshift(state: 7), second = Xorshift(state: 7), other = Xorshift(state: 8)
        let shuffled = table.shuffledRows(using: &first)
        #expect(shuffled == table.shuffledRows(using: &second))
        #expect(shuffled != table.shuffledRows(using: &other))
        #expect(shuffled.column(0).sorted() == table.column(0))
        #expect(shuffled.column(0) != table.column(0))
        #expect((0 ..< 50).allSatisfy { shuffled[$0, 1] == 10 * shuffled[$0, 0] })   // rows move whole
        #expect(shuffled.columnNames == ["i", "ten"])
    }

    @Test func boundedDrawsCoverTheirRangeWithoutBias() {
        var generator = Xorshift(state: 3)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0 ..< 30_000 { counts[generator.nextIndex(below: 3)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })   // ±4 standard deviations
    }

    @Test func profilesTellConstantDiscreteAndContinuousColumnsApart() {
        let rows = (0 ..< 40).map { (i: Int) -> [Double] in
            let x = Double(i)
            return [5, Double(i % 4) * 0.5, 0.37 * x + 0.001 * x * x]
        }
        let profiles = DataTable(rows: rows).columnProfiles()
        #expect(profiles[0].isConstant && !profiles[0].looksDiscrete && profiles[0].step == 0)
        #expect(!profiles[1].isConstant && profiles[1].looksDiscrete && profiles[1].distinctCount == 4 && profiles[1].step == 0.5)
        #expect(!profiles[2].isConstant && !profiles[2].looksDiscrete && profiles[2].distinctCount == 40)
    }

    @Test func dequantisationMovesEachEntryWithinHalfItsStep() {
        let table = DataTable(rows: (0 ..< 200).map { [Double($0 % 5), Double($0) * 0.1] })
        var generator = Xorshift(state: 11)
        let noisy = table.dequantised(steps: [1, 0], using: &generator)
        let moves = (0 ..< 200).map { noisy[$0, 0] - table[$0, 0] }
        #expect(moves.allSatisfy { abs($0) < 0.5 })
        #expect(Set(moves).count == 200)                             // fresh noise for every entry
        #expect(abs(moves.reduce(0, +) / 200) < 0.05)                // centred: the mean stays put
        #expect(noisy.column(1) == table.column(1))                  // a step of 0 leaves a column alone
    }

    @Test func gaussianFitMatchesTheBivariateFormula() throws {
        var generator = Xorshift(state: 5)
        let rows = (0 ..< 500).map { _ -> [Double] in
            let (a, b) = generator.nextStandardNormalPair()
            return [3 + 2 * a, -1 + 0.5 * a + 0.3 * b]
        }
        let table = DataTable(rows: rows)
        let fit = try #require(GaussianFit(fitting: table))
        let mean = table.columnMeans(), std = table.columnStandardDeviations()
        let correlation = table.columnCorrelations()[0][1]
        let point = [4.0, -0.2]
        let (u, v) = ((point[0] - mean[0]) / std[0], (point[1] - mean[1]) / std[1])
        let quadratic = (u * u - 2 * correlation * u * v + v * v) / (1 - correlation * correlation)
        let expected = -log(2 * Double.pi * std[0] * std[1] * (1 - correlation * correlation).squareRoot()) - quadratic / 2
        #expect(abs(fit.logDensities(DataTable(rows: [point]))[0] - expected) < 1e-10)
        #expect(GaussianFit(fitting: DataTable(rows: rows.map { [$0[0], 2 * $0[0]] })) == nil)   // singular covariance
    }

    @Test func gzipFilesRoundTripAndDamageIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lgf-gzip-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }   // clean-up only: a failure here changes no result
        let table = DataTable(rows: (0 ..< 300).map { [Double($0) / 7, -Double($0)] }, columnNames: ["a", "b"])
        for name in ["t.csv.gz", "t.npy.gz"] {
            let path = folder + "/" + name
            try TableFile.write(table, to: path)
            let bytes = try #require(FileManager.default.contents(atPath: path))
            #expect(Array(bytes.prefix(2)) == [0x1F, 0x8B])          // the gzip magic
            let read = try TableFile.read(path: path)
            #expect(read.rowCount == 300 && read.columnCount == 2)
            #expect(zip(read.values, table.values).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })   // .npy is float32
        }
        #expect(try TableFile.read(path: folder + "/t.csv.gz").columnNames == ["a", "b"])
        let damaged = folder + "/damaged.csv.gz"
        var bytes = try #require(FileManager.default.contents(atPath: folder + "/t.csv.gz"))
        bytes = bytes.prefix(bytes.count / 2)
        #expect(FileManager.default.createFile(atPath: damaged, contents: bytes))
        #expect(throws: DatasetError.self) { try TableFile.read(path: damaged) }
        do {
            _ = try TableFile.read(path: damaged)
        } catch let error as DatasetError {
            #expect(error.description.contains(damaged) && error.description.contains("gzip"))
        }
    }
}
