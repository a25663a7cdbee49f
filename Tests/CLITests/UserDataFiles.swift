import Foundation
import Configurations
import Runs
import Datasets
import Tensors
@testable import CLI
import SeededRandom

/// Small files for the user-data tests, drawn from seeded generators, and readers for what commands print.
enum UserDataFiles {
    /// A standard normal draw (the first of a Box–Muller pair).
    static func normal(_ generator: inout SplitMix64) -> Double { generator.nextStandardNormalPair().0 }

    /// A CSV with a header in a fresh folder; `row(i, &generator)` gives row i's values.
    static func csv(_ name: String, columns: [String], rows: Int, seed: UInt64 = 1,
                    row: (Int, inout SplitMix64) -> [Double]) throws -> String {
        var generator = SplitMix64(seed: seed)
        let table = DataTable(rows: (0 ..< rows).map { row($0, &generator) }, columnNames: columns)
        let path = (CLIHarness.scratchFolder("user-data") as NSString).appendingPathComponent(name)
        try TableFile.write(table, to: path)
        return path
    }

    /// Columns in very different units: "big" ≈ 1000 ± 50 and "tiny" ≈ −3 ± 0.01, correlated.
    static func rawScale(rows: Int = 300, name: String = "raw.csv") throws -> String {
        try csv(name, columns: ["big", "tiny"], rows: rows) { _, g in
            let a = normal(&g), b = normal(&g)
            return [1000 + 50 * a, -3 + 0.01 * (0.6 * a + 0.8 * b)]
        }
    }

    /// The JSON object a `--json` command printed last.
    static func json(_ capture: Console.Capture) throws -> [String: Any] {
        let line = capture.output.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw CLIHarness.Failure(message: "not a JSON object: \(line)", exitCode: 1)
        }
        return object
    }

    /// The configuration `lgf describe --json` resolved.
    static func describedConfiguration(_ arguments: [String]) throws -> (ExperimentConfiguration, [String: Any], Console.Capture) {
        let capture = try CLIHarness.run(["describe"] + arguments + ["--json"])
        let object = try json(capture)
        let data = try JSONSerialization.data(withJSONObject: object["configuration"] ?? [:])
        return (try JSONDecoder().decode(ExperimentConfiguration.self, from: data), object, capture)
    }

    /// A fresh run folder path.
    static func runFolder(_ name: String) -> String {
        (CLIHarness.scratchFolder(name) as NSString).appendingPathComponent("run")
    }
}
