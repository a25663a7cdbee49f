import Testing
@testable import Tensors
#if arch(x86_64)
import AVX512Kernels
#endif

/// The AVX-512 tanh must be `FloatMath.tanh` bit for bit: on a grid through every binade (subnormals included),
/// around the cap at 1 and the saturation point 9.1 and at the special values, with a count that leaves a
/// partial last vector.
struct AVX512MathTests {
    @Test func tanhMatchesFloatMathBitForBit() {
        #if arch(x86_64)
        guard CPUFeatures.hasAVX512 else { return }
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
            inputs.withUnsafeBufferPointer { AVX512Math.tanh($0.baseAddress!, buffer.baseAddress!, count: inputs.count) }
            count = inputs.count
        }
        let mismatches = zip(inputs, output).filter { x, y in
            let expected = FloatMath.tanh(x)
            return expected.isNaN ? !y.isNaN : expected.bitPattern != y.bitPattern
        }
        #expect(inputs.count % 16 != 0)
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map { "tanh(\($0.0)) = \($0.1), expected \(FloatMath.tanh($0.0))" })")
        #endif
    }
}
