import Foundation

/// What the CPU offers beyond the AVX2 + FMA this package is compiled for (x86-64), read once.
enum CPUFeatures {
    /// The AVX-512 subsets `AVX512Kernels` is compiled for (`skylake-avx512`: F, CD, BW, DQ, VL).
    static let avx512Flags = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    /// Whether the CPU has all of `avx512Flags`, from the `flags` line of `/proc/cpuinfo` (Linux; false
    /// elsewhere, or when the file cannot be read).
    static let hasAVX512: Bool = {
        #if arch(x86_64) && os(Linux)
        let text: String
        do { text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) } catch { return false }
        return hasAVX512(cpuinfo: text)
        #else
        return false
        #endif
    }()

    /// Whether the first `flags` line of a `/proc/cpuinfo` text lists every flag of `avx512Flags`.
    static func hasAVX512(cpuinfo text: String) -> Bool {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        return avx512Flags.allSatisfy(flags.contains)
    }
}
