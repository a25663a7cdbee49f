import Distributed
import Tensors

/// Every gradient of a step, and one extra number (the weighted objective), laid end to end in one buffer so
/// that a single all-reduce sums them all: one MPI call per step instead of one per tensor, whose fixed latency
/// would otherwise be paid a hundred times. Float gradients travel as Float, Double ones (gradient checks) as Double.
/// The buffer keeps its memory from step to step, so a step copies the gradients in and out and allocates nothing.
struct GradientBuffer {
    private var floats: [Float] = []
    private var doubles: [Double] = []
    private var isDouble = false

    /// The bytes one all-reduce sends.
    var byteCount: Int { isDouble ? doubles.count * 8 : floats.count * 4 }

    mutating func pack(_ gradients: [Tensor], extra: Double) {
        isDouble = gradients.contains { $0.dtype == .float64 }
        floats.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
        if isDouble {
            for gradient in gradients { doubles.append(contentsOf: gradient.doubles) }
            doubles.append(extra)
            return
        }
        let count = gradients.reduce(0) { $0 + $1.elementCount }
        floats.append(contentsOf: repeatElement(0, count: count))
        floats.append(Float(extra))
        floats.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }   // never empty: it holds the extra number
            var offset = 0
            for gradient in gradients {
                gradient.copyScalars(to: base + offset)
                offset += gradient.elementCount
            }
        }
    }

    mutating func allReduceSum(over group: any ProcessGroup) throws {
        if isDouble { try group.allReduceSum(&doubles) } else { try group.allReduceSum(&floats) }
    }

    /// Replaces `gradients` (the tensors `pack` was given, same shapes and order) by the summed values; returns
    /// the summed extra number.
    func unpack(into gradients: inout [Tensor]) -> Double {
        var offset = 0
        if isDouble {
            for index in gradients.indices {
                let count = gradients[index].elementCount
                gradients[index] = Tensor(shape: gradients[index].shape, doubles: Array(doubles[offset..<(offset + count)]))
                offset += count
            }
            return doubles[offset]
        }
        floats.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }   // never empty: it holds the extra number
            for index in gradients.indices {
                gradients[index] = Tensor(shape: gradients[index].shape, copyingScalarsFrom: base + offset)
                offset += gradients[index].elementCount
            }
        }
        return Double(floats[offset])
    }
}
