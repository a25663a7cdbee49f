/// The thread count OpenBLAS should run on, given the count asked for (`BLAS.threadCount`) and how many
/// `BLAS.withOneThread` scopes are open on any thread: 1 while at least one is, the requested count otherwise.
///
/// Each transition returns the count to hand to `openblas_set_num_threads`, or nil when it does not change; `BLAS`
/// makes every transition and its call under one lock. Counting the scopes (instead of each scope saving and
/// restoring the count it found) is what makes overlapping scopes on different threads safe: the first to open sets
/// 1, the last to close restores the request, and a request made while scopes are open waits for the last one.
struct OpenBLASThreadCount: Equatable {
    /// The count asked for (at least 1).
    private(set) var requested: Int32 = 1
    /// The `withOneThread` scopes open now.
    private(set) var openScopes = 0

    /// The count OpenBLAS runs on in this state.
    var effective: Int32 { openScopes > 0 ? 1 : requested }

    /// Asks for `count` threads (at least 1).
    mutating func request(_ count: Int) -> Int32? {
        transition { $0.requested = Int32(clamping: Swift.max(1, count)) }
    }

    /// A scope opens.
    mutating func openScope() -> Int32? { transition { $0.openScopes += 1 } }

    /// A scope closes. - Precondition: one is open.
    mutating func closeScope() -> Int32? { transition { $0.openScopes -= 1 } }

    private mutating func transition(_ change: (inout OpenBLASThreadCount) -> Void) -> Int32? {
        let before = effective
        change(&self)
        return effective == before ? nil : effective
    }
}
