// Clang's vector extensions, which compile to the widest registers of the function they are used in (one AVX-512
// register for 16 floats, two AVX2 or four NEON registers otherwise), and unaligned loads and stores.
#ifndef LGF_VECTORS_H
#define LGF_VECTORS_H

#include <string.h>

typedef float lgf_v16 __attribute__((ext_vector_type(16)));
typedef float lgf_v8 __attribute__((ext_vector_type(8)));
typedef float lgf_v4 __attribute__((ext_vector_type(4)));
typedef float lgf_v2 __attribute__((ext_vector_type(2)));

// Eight-lane vectors passed between always-inlined functions of the portable builds: no call, so no ABI to mind.
#pragma clang diagnostic ignored "-Wpsabi"

#define LGF_ALWAYS_INLINE static inline __attribute__((always_inline))

LGF_ALWAYS_INLINE lgf_v16 lgf_load16(const float *p) { lgf_v16 v; memcpy(&v, p, sizeof v); return v; }
LGF_ALWAYS_INLINE void lgf_save16(lgf_v16 v, float *p) { memcpy(p, &v, sizeof v); }
LGF_ALWAYS_INLINE lgf_v8 lgf_load8(const float *p) { lgf_v8 v; memcpy(&v, p, sizeof v); return v; }
LGF_ALWAYS_INLINE void lgf_save8(lgf_v8 v, float *p) { memcpy(p, &v, sizeof v); }
LGF_ALWAYS_INLINE lgf_v4 lgf_load4(const float *p) { lgf_v4 v; memcpy(&v, p, sizeof v); return v; }
LGF_ALWAYS_INLINE void lgf_save4(lgf_v4 v, float *p) { memcpy(p, &v, sizeof v); }
LGF_ALWAYS_INLINE lgf_v2 lgf_load2(const float *p) { lgf_v2 v; memcpy(&v, p, sizeof v); return v; }
LGF_ALWAYS_INLINE void lgf_save2(lgf_v2 v, float *p) { memcpy(p, &v, sizeof v); }

/// c + a·b, rounded once, lane by lane.
#define LGF_FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))

#define LGF_LOW8(v) __builtin_shufflevector((v), (v), 0, 1, 2, 3, 4, 5, 6, 7)
#define LGF_HIGH8(v) __builtin_shufflevector((v), (v), 8, 9, 10, 11, 12, 13, 14, 15)
#define LGF_LOW4(v) __builtin_shufflevector((v), (v), 0, 1, 2, 3)
#define LGF_HIGH4(v) __builtin_shufflevector((v), (v), 4, 5, 6, 7)
#define LGF_LOW2(v) __builtin_shufflevector((v), (v), 0, 1)
#define LGF_HIGH2(v) __builtin_shufflevector((v), (v), 2, 3)

#endif
