import CKernels

/// The instruction sets of `CKernels`' builds that this CPU runs, read once from CPUID (x86-64; the portable
/// build elsewhere). Every kernel is compiled per function for each level and chosen at run time, so the package
/// itself needs no CPU-specific build flags.
enum CPUFeatures {
    /// The highest level of `CKernels` this CPU runs (`LGF_LEVEL_PORTABLE`, `LGF_LEVEL_AVX2` or `LGF_LEVEL_AVX512`).
    static let level = lgf_cpu_level()

    /// Whether the CPU (and the operating system) has AVX-512 F, CD, BW, DQ and VL.
    static var hasAVX512: Bool { level >= LGF_LEVEL_AVX512 }

    /// Whether the CPU (and the operating system) has AVX512_BF16 besides the AVX-512 level: bf16 conversions and dot
    /// products (`BF16GEMM`).
    static let hasAVX512BF16 = lgf_cpu_has_avx512_bf16()

    /// Whether the CPU (and the operating system) has AVX2 and FMA.
    static var hasAVX2: Bool { level >= LGF_LEVEL_AVX2 }

    /// A name for `level`, for benchmark reports.
    static var levelName: String {
        switch level {
        case LGF_LEVEL_AVX512: return "AVX-512"
        case LGF_LEVEL_AVX2: return "AVX2 + FMA"
        default: return "portable"
        }
    }
}
