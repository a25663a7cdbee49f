/// The MT19937 generator with NumPy's legacy `RandomState` seeding and draws, bit for bit.
///
/// MAF's POWER preprocessing shuffles rows and draws noise with `np.random.RandomState(42)`; this type
/// reproduces those exact numbers. `next()` returns NumPy's `next_uint64` (two 32-bit outputs,
/// the first in the high half), so it also serves as a seeded `RandomNumberGenerator`.
/// Matsumoto & Nishimura, *Mersenne Twister*, ACM TOMACS 8(1), 1998; NumPy `randomkit`/`legacy` sources.
struct MersenneTwister: RandomNumberGenerator {
    private static let stateSize = 624
    private static let shift = 397
    private var state = [UInt32](repeating: 0, count: MersenneTwister.stateSize)
    private var position = MersenneTwister.stateSize

    /// Seeds like `np.random.RandomState(seed)` for an integer seed (MT's `init_genrand`).
    init(seed: UInt32) {
        state[0] = seed
        for index in 1 ..< Self.stateSize {
            let previous = state[index - 1]
            state[index] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(index)
        }
    }

    /// Seeds like `np.random.RandomState(key)` for an array of 32-bit words (MT's `init_by_array`).
    init(key: [UInt32]) {
        precondition(!key.isEmpty, "MersenneTwister needs a non-empty key")
        self.init(seed: 19_650_218)
        let n = Self.stateSize
        var i = 1, j = 0
        for _ in 0 ..< max(n, key.count) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= n { state[0] = state[n - 1]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0 ..< n - 1 {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= n { state[0] = state[n - 1]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    /// Seeds from 64 bits: `RandomState(seed)` when the seed fits in 32 bits, else
    /// `RandomState([low 32 bits, high 32 bits])`.
    init(seed64 seed: UInt64) {
        if let small = UInt32(exactly: seed) {
            self.init(seed: small)
        } else {
            self.init(key: [UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)])
        }
    }

    /// The next 32-bit output (NumPy's `mt19937_next32`).
    mutating func next32() -> UInt32 {
        if position >= Self.stateSize { regenerate() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Two 32-bit outputs, the first in the high half (NumPy's `mt19937_next64`).
    mutating func next() -> UInt64 {
        let high = UInt64(next32())
        return high << 32 | UInt64(next32())
    }

    /// A double in [0, 1) with 53 random bits, as `RandomState.random_sample`/`rand` draws it:
    /// `(a >> 5) * 2²⁶ + (b >> 6)` over 2⁵³.
    mutating func nextUnitDouble() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// A uniform integer in `0 ... max` by NumPy's legacy masked rejection (`random_interval`):
    /// draw 32 bits (64 if `max` needs them), mask to the smallest `2^k − 1 ≥ max`, retry while above `max`.
    mutating func nextInterval(max: UInt64) -> UInt64 {
        guard max > 0 else { return 0 }
        var mask = max
        for shift in [1, 2, 4, 8, 16, 32] { mask |= mask >> UInt64(shift) }
        while true {
            let value = max <= UInt64(UInt32.max) ? UInt64(next32()) & mask : next() & mask
            if value <= max { return value }
        }
    }

    /// Shuffles the rows of `table` in place exactly as `RandomState.shuffle` does:
    /// for i from n − 1 down to 1, swap rows i and `nextInterval(max: i)`.
    mutating func shuffleRows(of table: inout DataTable) {
        let (rowCount, columnCount) = (table.rowCount, table.columnCount)
        guard rowCount > 1 else { return }
        table.values.withUnsafeMutableBufferPointer { values in
            for i in stride(from: rowCount - 1, to: 0, by: -1) {
                let j = Int(nextInterval(max: UInt64(i)))
                guard i != j else { continue }
                for column in 0 ..< columnCount {
                    values.swapAt(i * columnCount + column, j * columnCount + column)
                }
            }
        }
    }

    private mutating func regenerate() {
        let n = Self.stateSize, m = Self.shift
        for index in 0 ..< n {
            let y = (state[index] & 0x8000_0000) | (state[(index + 1) % n] & 0x7FFF_FFFF)
            state[index] = state[(index + m) % n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        position = 0
    }
}
