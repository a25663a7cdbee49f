import Distributed
import Tensors

/// Every gradient of a step, and one extra number (the weighted objective), laid end to end in one buffer so
/// that a single all-reduce sums them all: one MPI call per step instead of one per tensor, whose fixed latency
/// would otherwise be paid a hundred times. Float gradients travel as Float, Double ones (gradient checks) as Double.
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
        } else {
            for gradient in gradients { floats.append(contentsOf: gradient.scalars) }
            floats.append(Float(extra))
        }
    }

    mutating func allReduceSum(over group: any ProcessGroup) throws {
        if isDouble { try group.allReduceSum(&doubles) } else { try group.allReduceSum(&floats) }
    }

    /// Replaces `gradients` (the tensors `pack` was given, same shapes and order) by the summed values; returns
    /// the summed extra number.
    func unpack(into gradients: inout [Tensor]) -> Double {
        var offset = 0
        for index in gradients.indices {
            let count = gradients[index].elementCount, shape = gradients[index].shape
            gradients[index] = isDouble
                ? Tensor(shape: shape, doubles: Array(doubles[offset..<(offset + count)]))
                : Tensor(shape: shape, scalars: Array(floats[offset..<(offset + count)]))
            offset += count
        }
        return isDouble ? doubles[offset] : Double(floats[offset])
    }
}
