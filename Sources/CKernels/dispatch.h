// Running a kernel body in the build for the level asked for (at most what the CPU runs). A body is an
// always-inlined function; `LGF_INSTANTIATE` defines its AVX-512 and AVX2 + FMA builds on x86-64, into which it is
// inlined and then optimised and vectorised for that instruction set, and `LGF_DISPATCH` calls the build for `level`.
#ifndef LGF_DISPATCH_H
#define LGF_DISPATCH_H

#include "targets.h"

#if LGF_HAS_X86_LEVELS
/// `static T body_avx512(parameters)` and `body_avx2` calling `body(arguments)`.
#define LGF_INSTANTIATE(type, body, parameters, arguments)                                                         \
    LGF_TARGET_AVX512 static type body##_avx512 parameters { return body arguments; }                             \
    LGF_TARGET_AVX2 static type body##_avx2 parameters { return body arguments; }
#define LGF_DISPATCH(level, body, arguments)                                                                       \
    switch (lgf_usable_level(level)) {                                                                             \
    case LGF_LEVEL_AVX512: return body##_avx512 arguments;                                                        \
    case LGF_LEVEL_AVX2: return body##_avx2 arguments;                                                            \
    default: return body arguments;                                                                                \
    }
#else
#define LGF_INSTANTIATE(type, body, parameters, arguments)
#define LGF_DISPATCH(level, body, arguments) return body arguments;
#endif

#endif
