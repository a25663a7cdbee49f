import Synchronization

/// The hook through which a benchmark times the matrix products inside a step (and the direct convolution kernels
/// that replace products): every product, and every part of one that a `WorkerPool` helper runs, goes through
/// `timing`, which runs it as it is unless an observer is installed. Outside a measurement that costs one relaxed
/// atomic load and a predictable branch per product; the clocks and counters of a measurement live in the
/// `Benchmarks` target (`ProductTimer`), not here.
package enum ProductClock {
    /// Whether an observer is installed: the one thing a product reads outside a measurement.
    private static let isObserved = Atomic<Bool>(false)
    /// The installed observer; read only while `isObserved`.
    private static let observer = Mutex<(any ProductObserver)?>(nil)

    /// Runs `body` with `observer` seeing every product and product part, on whichever thread runs it (not
    /// reentrant, and not for use while other computations multiply: it would see their products too).
    package static func observing(with observer: some ProductObserver, _ body: () -> Void) {
        self.observer.withLock { $0 = observer }
        isObserved.store(true, ordering: .releasing)
        body()
        isObserved.store(false, ordering: .releasing)
        self.observer.withLock { $0 = nil }
    }

    /// Runs one product, or one part of a product, through the observer if one is installed.
    @inline(__always)
    static func timing(_ product: () -> Void) {
        guard isObserved.load(ordering: .relaxed), let observer = observer.withLock({ $0 }) else { return product() }
        observer.observe(product)
    }
}

/// What a benchmark installs with `ProductClock.observing(with:_:)`: it runs each product it is given, on the
/// product's own thread, and may time it.
package protocol ProductObserver: AnyObject, Sendable {
    /// Runs `product` exactly once.
    func observe(_ product: () -> Void)
}
