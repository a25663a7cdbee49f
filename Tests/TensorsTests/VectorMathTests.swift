import Foundation
import Testing
import CKernels
@testable import Tensors

/// The buffer kernels must give exactly the scalar `FloatMath` results (whose accuracy `FloatMathTests` checks)
/// in the vectorised body and in the scalar remainder loop, for every count, in place or not, in every build of
/// `CKernels` this CPU runs (portable, AVX2 + FMA, AVX-512).
@Suite struct VectorMathTests {
    typealias Kernel = @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int32) -> Void

    static let kernels: [(name: String, vector: Kernel, scalar: @Sendable (Float) -> Float)] = [
        ("exp", { VectorMath.exp($0, $1, count: $2, level: $3) }, FloatMath.exp),
        ("log", { VectorMath.log($0, $1, count: $2, level: $3) }, FloatMath.log),
        ("tanh", { VectorMath.tanh($0, $1, count: $2, level: $3) }, FloatMath.tanh),
        ("sigmoid", { VectorMath.sigmoid($0, $1, count: $2, level: $3) }, FloatMath.sigmoid),
        ("softplus", { VectorMath.softplus($0, $1, count: $2, level: $3) }, FloatMath.softplus),
        ("softplus backward (g = −1.5)", { x, y, count, level in
            let g = [Float](repeating: -1.5, count: count)
            g.withUnsafeBufferPointer { VectorMath.softplusBackward($0.baseAddress!, x, y, count: count, level: level) }
        }, { -1.5 * FloatMath.sigmoid($0) }),
    ]

    /// The builds of `CKernels` this CPU runs.
    static let levels: [Int32] = Array(LGF_LEVEL_PORTABLE...CPUFeatures.level)

    /// Ordinary values across every function's range plus every special case, in an order that puts specials
    /// both inside vector blocks and in remainders.
    static let inputs: [Float] = {
        let specials: [Float] = [
            0, -0.0, .nan, -.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            .leastNormalMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1, -1, 0.625, -0.625,
            88.72283, 88.72284, -87.33654, -87.33655, 1e-30, -1e-30, 9.1, -9.1, 100, -100,
        ]
        var values = specials
        var generator = SplitMix64(seed: 42)
        for i in 0..<20_000 {
            let u = Float(generator.next() >> 40) / Float(1 << 24)                        // [0, 1)
            let logUniform = Float(Foundation.pow(10, Double(u) * 76 - 38)) * (i % 4 == 1 ? -1 : 1)
            values.append(i % 2 == 0 ? u * 200 - 100 : logUniform)
            if i % 97 == 0 { values.append(specials[i / 97 % specials.count]) }
        }
        return values
    }()

    @Test(arguments: 0..<6) func matchesScalarBitForBit(kernel index: Int) {
        let kernel = Self.kernels[index]
        let source = Self.inputs
        for level in Self.levels {
            var destination = [Float](repeating: 7, count: source.count)
            source.withUnsafeBufferPointer { s in
                destination.withUnsafeMutableBufferPointer { d in kernel.vector(s.baseAddress!, d.baseAddress!, s.count, level) }
            }
            let mismatches = source.indices.filter { !Self.same(destination[$0], kernel.scalar(source[$0])) }
            #expect(mismatches.isEmpty, "\(kernel.name) at level \(level): e.g. x = \(mismatches.prefix(3).map { source[$0] })")
        }
    }

    @Test(arguments: 0..<6) func everyCountAndInPlace(kernel index: Int) {
        let kernel = Self.kernels[index]
        for level in Self.levels {
            everyCountAndInPlace(kernel, level: level)
        }
    }

    func everyCountAndInPlace(_ kernel: (name: String, vector: Kernel, scalar: @Sendable (Float) -> Float), level: Int32) {
        for count in 0...40 {
            let source = Array(Self.inputs[100..<(100 + count)])
            // Out of place, with a guard element after the end that must stay untouched.
            var destination = [Float](repeating: 7, count: count + 1)
            source.withUnsafeBufferPointer { s in
                destination.withUnsafeMutableBufferPointer { d in kernel.vector(s.baseAddress!, d.baseAddress!, count, level) }
            }
            #expect(destination[count] == 7, "\(kernel.name) at level \(level): wrote past count \(count)")
            // In place: source and destination are the same buffer.
            var buffer = source
            buffer.withUnsafeMutableBufferPointer { b in kernel.vector(b.baseAddress!, b.baseAddress!, count, level) }
            for i in 0..<count {
                let expected = kernel.scalar(source[i])
                #expect(Self.same(destination[i], expected), "\(kernel.name): count \(count), element \(i)")
                #expect(Self.same(buffer[i], expected), "\(kernel.name): in place, count \(count), element \(i)")
            }
        }
    }

    @Test func denseAccuracyOfTheVectorPath() {
        // The scalar tests cover accuracy in depth; this checks the vector path itself on one dense grid each.
        let xs = FloatMathAccuracy.grid(-20, 20, count: 400_001)
        let positive = FloatMathAccuracy.bitGrid(1e-37, 1e37, step: 10_007)
        typealias Pass = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
        let cases: [(String, [Float], Pass, (Double) -> Double, Double)] = [
            ("exp", xs, { VectorMath.exp($0, $1, count: $2) }, Foundation.exp, 1.1),
            ("log", positive, { VectorMath.log($0, $1, count: $2) }, Foundation.log, 0.9),
            ("tanh", xs, { VectorMath.tanh($0, $1, count: $2) }, Foundation.tanh, 5.45),
            ("sigmoid", xs, { VectorMath.sigmoid($0, $1, count: $2) }, FloatMathAccuracy.sigmoid, 2.45),
            ("softplus", xs, { VectorMath.softplus($0, $1, count: $2) }, FloatMathAccuracy.softplus, 1.75),
        ]
        for (name, inputs, kernel, reference, bound) in cases {
            var outputs = [Float](repeating: 0, count: inputs.count)
            inputs.withUnsafeBufferPointer { s in
                outputs.withUnsafeMutableBufferPointer { d in kernel(s.baseAddress!, d.baseAddress!, s.count) }
            }
            var accuracy = FloatMathAccuracy()
            for i in inputs.indices { accuracy.check(inputs[i], outputs[i], exact: reference(Double(inputs[i]))) }
            #expect(accuracy.worstULP <= bound, "\(name): worst at \(accuracy.worstInput)")
            #expect(accuracy.tinyFailures.isEmpty, "\(name)")
        }
    }

    /// Bitwise equality, with any NaN equal to any NaN.
    static func same(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }
}
