/// Which code computes single-precision matrix products, as the user asks for it (`lgf … --matrix-kernel`).
///
/// On CPUs that OpenBLAS 0.3.21 recognises, its kernels are as fast as ours on one thread (MINIBOONE-shaped steps) or
/// faster (the 2-D models' 10–50-unit layers, by about 12 %), but its own threads barely help on a training step's
/// products (0.92–1.09× from 1 to 2 threads on a Zen 4, family 25 model 17), while ours, split by `ParallelGEMM`, go
/// 1.5–1.9× faster than threaded OpenBLAS at 2 threads. `own` is therefore the choice for `--threads` above one there.
/// Float64 products (finite-difference checks only) always use OpenBLAS.
public enum MatrixKernelChoice: String, CaseIterable, Codable, Sendable {
    /// OpenBLAS, unless it did not recognise the CPU (it selected a kernel family older than AVX2): then ours.
    case automatic
    /// OpenBLAS with whichever kernel family it selected, however slow.
    case openBLAS = "openblas"
    /// This package's kernel whatever OpenBLAS selected: the AVX-512 build on CPUs that have AVX-512, else AVX2 + FMA.
    case own
}
