// Which of the instruction sets this target's kernels are compiled for the CPU runs, read once from CPUID.
#include "CKernels.h"
#include <stdatomic.h>

#if defined(__x86_64__)
#include <cpuid.h>

/// The operating system's enabled register states (XCR0): the CPU may have AVX-512 while the kernel does not save
/// its registers, and then using them faults.
static unsigned long long lgf_xcr0(void) {
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}

static int lgf_detect_level(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return LGF_LEVEL_PORTABLE;
    const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!fma || !osxsave || !avx) return LGF_LEVEL_PORTABLE;
    const unsigned long long xcr0 = lgf_xcr0();
    if ((xcr0 & 0x6) != 0x6) return LGF_LEVEL_PORTABLE;            // SSE and AVX state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return LGF_LEVEL_PORTABLE;
    if (!((b >> 5) & 1)) return LGF_LEVEL_PORTABLE;                // AVX2
    // AVX-512 F, DQ, CD, BW and VL (Skylake-SP and later, Zen 4), with the opmask and upper-register state enabled.
    const unsigned int avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
    if ((b & avx512) == avx512 && (xcr0 & 0xE6) == 0xE6) return LGF_LEVEL_AVX512;
    return LGF_LEVEL_AVX2;
}

/// AVX512_BF16 (CPUID leaf 7, subleaf 1, EAX bit 5), on top of the AVX-512 level (its registers' state enabled).
static int lgf_detect_bf16(void) {
    unsigned int a, b, c, d;
    if (lgf_cpu_level() < LGF_LEVEL_AVX512) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || a < 1) return 0;   // EAX: the highest subleaf of leaf 7
    if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return 0;
    return (a >> 5) & 1;
}
#else
static int lgf_detect_level(void) { return LGF_LEVEL_PORTABLE; }
static int lgf_detect_bf16(void) { return 0; }
#endif

/// `*cell`, or `detect()` stored there on the first call (racing first calls compute and store the same value).
static int lgf_detected_once(_Atomic int *cell, int (*detect)(void)) {
    int known = atomic_load_explicit(cell, memory_order_relaxed);
    if (known < 0) {
        known = detect();
        atomic_store_explicit(cell, known, memory_order_relaxed);
    }
    return known;
}

int lgf_cpu_level(void) {
    static _Atomic int level = -1;
    return lgf_detected_once(&level, lgf_detect_level);
}

bool lgf_cpu_has_avx512_bf16(void) {
    static _Atomic int bf16 = -1;
    return lgf_detected_once(&bf16, lgf_detect_bf16) == 1;
}

int lgf_usable_level(int requested) {
    const int available = lgf_cpu_level();
    return requested < available ? (requested < 0 ? 0 : requested) : available;
}
