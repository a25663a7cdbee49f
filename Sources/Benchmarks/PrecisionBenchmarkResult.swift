import Foundation

/// What `PrecisionBenchmark` measured (`lgf bench precision`, or `--json` for this as one object).
public struct PrecisionBenchmarkResult: Codable, Sendable, Equatable {
    /// One product's median milliseconds per call on each kernel.
    public struct Product: Codable, Sendable, Equatable {
        public var shape: PrecisionBenchmark.Shape
        /// Millions of floating-point operations of one call (2·m·k·n / 10⁶): GFLOP/s = gflops / ms.
        public var gflops: Double
        public var openBLASMs: Double
        public var ownMs: Double
        public var bf16Ms: Double
    }

    /// A MADE training step's median milliseconds at each precision (own kernel).
    public struct Step: Codable, Sendable, Equatable {
        public var d: Int, h: Int, batch: Int
        public var fp32Ms: Double
        public var bf16Ms: Double
    }

    /// The CPU's model name, family and model (from /proc/cpuinfo where there is one).
    public var cpu: String
    public var cpuRunsBF16: Bool
    public var threads: Int
    public var repeats: Int
    public var openBLASCore: String
    public var products: [Product]
    public var steps: [Step]

    /// "model name (family F, model M)" from /proc/cpuinfo, or "unknown CPU".
    static func cpuDescription() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU (family ?, model ?)" }
        func field(_ name: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(name) && $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces).hasPrefix(":") }
                .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        }
        return "\(field("model name") ?? "unknown CPU") (family \(field("cpu family") ?? "?"), model \(field("model") ?? "?"))"
    }

    /// The table `lgf bench precision` prints.
    public var table: String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        var lines = ["\(cpu), AVX512_BF16: \(cpuRunsBF16 ? "yes" : "no (bf16 by the scalar fallback)"); \(threads) thread(s); "
                     + "OpenBLAS core \(openBLASCore); median of \(repeats) interleaved repeats",
                     "", "product          op   OpenBLAS ms   own fp32 ms   own bf16 ms   bf16 GFLOP/s   fp32/bf16   role"]
        for p in products {
            let s = p.shape
            lines.append(["\(s.m)·\(s.k)·\(s.n)".padding(toLength: 15, withPad: " ", startingAt: 0),
                          (s.transposeA ? "T" : "N") + (s.transposeB ? "T" : "N"),
                          fixed(p.openBLASMs, 3).leftPadded(12), fixed(p.ownMs, 3).leftPadded(13), fixed(p.bf16Ms, 3).leftPadded(13),
                          fixed(p.gflops / p.bf16Ms, 1).leftPadded(14), fixed(p.ownMs / p.bf16Ms, 2).leftPadded(11), "  " + s.role].joined(separator: " "))
        }
        lines += ["", "MADE step (own kernel)   fp32 ms   bf16 ms   fp32/bf16"]
        for s in steps {
            lines.append("D \(s.d), H \(s.h), batch \(s.batch)".padding(toLength: 24, withPad: " ", startingAt: 0)
                         + fixed(s.fp32Ms, 3).leftPadded(9) + fixed(s.bf16Ms, 3).leftPadded(10) + fixed(s.fp32Ms / s.bf16Ms, 2).leftPadded(12))
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
