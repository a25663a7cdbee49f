// MARK: - Coarse parts that build tensors

extension WorkerPool {
    /// `run(parts:_:)` for coarse parts that compute with tensors (a whole forward pass per part): every part runs
    /// in the caller's task-local scope — gradient recording on or off (`withoutGradientRecording`), the buffer pool
    /// of `BufferPool.withPool`, the replica group — which a helper thread, not being the caller's task, would
    /// otherwise see at its defaults (recording on). OpenBLAS is held at one thread meanwhile, as for conv2d's parts,
    /// and whatever a part calls runs on that part's thread alone (`WorkerPool.serial` is current inside a part).
    ///
    /// Binding the scope costs a few task-local pushes per part: for parts of milliseconds, not a product's blocks.
    public func runInCallersScope(parts: Int, _ body: (Int) -> Void) {
        let recording = GradientRecording.isEnabled
        let bufferPool = BufferPool.scoped
        let replicas = ReplicaScope.current
        func scoped(_ part: Int) {
            GradientRecording.$isEnabled.withValue(recording) {
                BufferPool.$scoped.withValue(bufferPool) {
                    ReplicaScope.$current.withValue(replicas) { body(part) }
                }
            }
        }
        guard parts > 1, threadCount > 1 else { return run(parts: parts, scoped) }
        BLAS.withOneThread { run(parts: parts, scoped) }
    }
}
