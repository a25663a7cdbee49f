import Testing
@testable import Tensors

/// The vector tanh of every build of `CKernels` this CPU runs (the AVX-512 one too, where the CPU has it) must be
/// `FloatMath.tanh` bit for bit: on a grid through every binade (subnormals included), around the cap at 1 and the
/// saturation point 9.1 and at the special values, with a count that leaves a partial last vector.
struct VectorTanhTests {
    @Test(arguments: VectorMathTests.levels) func tanhMatchesFloatMathBitForBit(level: Int32) {
        var inputs: [Float] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                               8.9, 9.01, 9.1, Float(9.1).nextDown, Float(9.1).nextUp, 20, 40, 44, 1e19, 1e20]
        var bits: UInt32 = 0
        while bits < 0x7F80_0000 {
            let x = Float(bitPattern: bits)
            inputs.append(x)
            inputs.append(-x)
            bits &+= 0x1_0001   // ~32,000 magnitudes spread over every binade
        }
        inputs.append(1.5)      // leaves a partial last vector
        let output = [Float](unsafeUninitializedCapacity: inputs.count) { buffer, count in
            inputs.withUnsafeBufferPointer { VectorMath.tanh($0.baseAddress!, buffer.baseAddress!, count: inputs.count, level: level) }
            count = inputs.count
        }
        let mismatches = zip(inputs, output).filter { x, y in
            let expected = FloatMath.tanh(x)
            return expected.isNaN ? !y.isNaN : expected.bitPattern != y.bitPattern
        }
        #expect(inputs.count % 16 != 0)
        #expect(mismatches.isEmpty, "level \(level), first mismatches: \(mismatches.prefix(5).map { "tanh(\($0.0)) = \($0.1), expected \(FloatMath.tanh($0.0))" })")
    }
}
