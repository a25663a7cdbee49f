import Foundation
import Testing
import CKernels
@testable import Tensors

/// `CKernels` reads the CPU's features from CPUID and XCR0; Linux lists the same features, as it enabled them, in
/// /proc/cpuinfo. The two readings must agree, so that no kernel runs an instruction set the CPU lacks and none
/// is left unused.
struct CPUFeaturesTests {
    /// The flags of the first processor in a /proc/cpuinfo text.
    static func flags(cpuinfo text: String) -> Set<String> {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
    }

    @Test func levelAgreesWithTheKernelsFlags() throws {
        #if os(Linux) && arch(x86_64)
        let flags = Self.flags(cpuinfo: try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))
        try #require(flags.contains("sse2"), "no flags line in /proc/cpuinfo")
        let avx2 = ["avx", "avx2", "fma"].allSatisfy(flags.contains)
        let avx512 = avx2 && ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
        #expect(CPUFeatures.hasAVX2 == avx2)
        #expect(CPUFeatures.hasAVX512 == avx512)
        #expect(CPUFeatures.hasAVX512BF16 == (avx512 && flags.contains("avx512_bf16")))
        #elseif !arch(x86_64)
        #expect(CPUFeatures.level == LGF_LEVEL_PORTABLE)
        #endif
    }

    @Test func requestsAreLoweredToWhatTheCPURuns() {
        #expect(lgf_usable_level(LGF_LEVEL_PORTABLE) == LGF_LEVEL_PORTABLE)
        #expect(lgf_usable_level(LGF_LEVEL_AVX512) == CPUFeatures.level)
        #expect(lgf_usable_level(LGF_LEVEL_AVX2) == min(LGF_LEVEL_AVX2, CPUFeatures.level))
        #expect(lgf_usable_level(-1) == LGF_LEVEL_PORTABLE)
    }
}
