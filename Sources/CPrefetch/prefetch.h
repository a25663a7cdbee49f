// Software prefetch hints for the AVX-512 matrix kernel: Swift has no prefetch of its own, and clang's builtin
// reaches it through this header (inlined; a prefetch never faults, whatever the address).
#ifndef LGF_PREFETCH_H
#define LGF_PREFETCH_H

/// Hints that the cache line holding `address` will be read soon, into L2 and the caches beyond it (prefetcht1).
static inline __attribute__((always_inline)) void lgf_prefetch_l2(const void *address) { __builtin_prefetch(address, 0, 2); }

#endif
