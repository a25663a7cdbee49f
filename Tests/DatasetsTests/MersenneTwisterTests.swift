import Testing
@testable import Datasets

/// Golden values from NumPy 2.4.6's legacy `RandomState`, computed on this machine with:
///
///     r = np.random.RandomState(42); r.rand(5)
///     r = np.random.RandomState(42); r.randint(0, 2**32, size=5, dtype=np.uint64)   # raw 32-bit outputs
///     r = np.random.RandomState(42); a = np.arange(10); r.shuffle(a)
///     r = np.random.RandomState(42); a = np.arange(1000); r.shuffle(a)
///     r = np.random.RandomState(42); a = np.arange(12.).reshape(6, 2); r.shuffle(a); r.rand()
///     r = np.random.RandomState(42); r.randint(0, 2**40 + 1, size=4)    # 64-bit masked rejection
///     np.random.RandomState(7).rand(); np.random.RandomState(2**32 - 1).rand(); np.random.RandomState([1, 2]).rand()
@Suite struct MersenneTwisterTests {
    @Test func rawOutputsMatchNumPy() {
        var generator = MersenneTwister(seed: 42)
        #expect((0 ..< 5).map { _ in generator.next32() } == [1_608_637_542, 3_421_126_067, 4_083_286_876, 787_846_414, 3_143_890_026])
    }

    @Test func randMatchesNumPy() {
        var generator = MersenneTwister(seed: 42)
        #expect((0 ..< 5).map { _ in generator.nextUnitDouble() }
            == [0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366, 0.15601864044243652])
    }

    @Test func otherSeedsMatchNumPy() {
        var seven = MersenneTwister(seed: 7)
        #expect(seven.nextUnitDouble() == 0.07630828937395717)
        var largest = MersenneTwister(seed: UInt32.max)
        #expect(largest.nextUnitDouble() == 0.0976320289940138)
        var keyed = MersenneTwister(key: [1, 2])
        #expect(keyed.nextUnitDouble() == 0.5845141492495678)
        var wide = MersenneTwister(seed64: 2 << 32 | 1)
        #expect(wide.nextUnitDouble() == 0.5845141492495678)
    }

    @Test func shuffleOfTenMatchesNumPy() {
        var generator = MersenneTwister(seed: 42)
        var table = DataTable(rowCount: 10, columnCount: 1, values: (0 ..< 10).map(Double.init))
        generator.shuffleRows(of: &table)
        #expect(table.values == [8, 1, 5, 0, 7, 2, 9, 4, 3, 6])
    }

    @Test func shuffleOfAThousandMatchesNumPy() {
        var generator = MersenneTwister(seed: 42)
        var table = DataTable(rowCount: 1000, columnCount: 1, values: (0 ..< 1000).map(Double.init))
        generator.shuffleRows(of: &table)
        let permutation = table.values.map { Int($0) }
        #expect(Array(permutation.prefix(10)) == [521, 737, 740, 660, 411, 678, 626, 513, 859, 136])
        #expect(Array(permutation.suffix(10)) == [121, 614, 20, 700, 71, 106, 270, 860, 435, 102])
        #expect(permutation.enumerated().reduce(0) { $0 + $1.offset * $1.element } == 251_374_799)
        #expect(Set(permutation).count == 1000)
    }

    @Test func shuffleMovesWholeRowsAndKeepsTheStream() {
        var generator = MersenneTwister(seed: 42)
        var table = DataTable(rowCount: 6, columnCount: 2, values: (0 ..< 12).map(Double.init))
        generator.shuffleRows(of: &table)
        #expect(table.values == [0, 1, 2, 3, 10, 11, 4, 5, 8, 9, 6, 7])
        #expect(generator.nextUnitDouble() == 0.5986584841970366)
    }

    @Test func wideIntervalsUseSixtyFourBitDraws() {
        var generator = MersenneTwister(seed: 42)
        let draws = (0 ..< 4).map { _ in generator.nextInterval(max: 1 << 40) }
        #expect(draws == [441_507_790_259, 458_615_280_711, 810_017_303_572, 440_001_501_305])
    }

    @Test func intervalOfZeroDrawsNothing() {
        var generator = MersenneTwister(seed: 42)
        #expect(generator.nextInterval(max: 0) == 0)
        #expect(generator.next32() == 1_608_637_542)
    }
}
