// The instruction sets this target's kernels are compiled for, per function (no build flags: SwiftPM refuses
// unsafe flags in a versioned dependency). A kernel is written once as an always-inlined body and instantiated
// under each attribute below; the body is then optimised and vectorised for the instruction set of the function it
// is inlined into. `lgf_usable_level` picks the instantiation at run time.
#ifndef LGF_TARGETS_H
#define LGF_TARGETS_H

#if defined(__x86_64__)
/// Code generation for x86-64 with AVX-512 F, CD, BW, DQ and VL (Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4).
#define LGF_TARGET_AVX512 __attribute__((target("avx2,fma,avx512f,avx512cd,avx512bw,avx512dq,avx512vl")))
/// Code generation for x86-64 with AVX2 and FMA (Haswell, Zen 1 and later).
#define LGF_TARGET_AVX2 __attribute__((target("avx2,fma")))
/// AVX-512 as above with the bf16 conversions and dot products (Cooper Lake, Sapphire Rapids, Zen 4): for the bf16
/// matrix kernel only, which callers choose where `lgf_cpu_has_avx512_bf16` says the CPU runs it.
#define LGF_TARGET_AVX512_BF16 __attribute__((target("avx2,fma,avx512f,avx512cd,avx512bw,avx512dq,avx512vl,avx512bf16")))
#define LGF_HAS_X86_LEVELS 1
#else
#define LGF_HAS_X86_LEVELS 0
#endif

#endif
