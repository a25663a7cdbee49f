import Tensors
import Datasets
import Configurations

/// The points a `Trainer` fits or validates: rows of a table, used as they are, or 8-bit images, dequantised
/// afresh every time they are used (x + U[0, 1) per pixel, Theis et al. 2016) with draws from the trainer's
/// seeded generator, so a resumed run repeats an uninterrupted one.
enum TrainingPoints {
    /// `[rows, D]` values.
    case rows(Tensor)
    /// Pixels in 0…255; batches are `[n, C·H·W]` dequantised values in [0, 256).
    case images(ImageStack)

    /// The number of points.
    var count: Int {
        switch self {
        case .rows(let tensor): return tensor.shape[0]
        case .images(let stack): return stack.count
        }
    }

    /// The points at `indices`, in that order; images draw their noise from `generator`, rows draw nothing.
    func batch(_ indices: [Int], using generator: inout SplitMix64) -> Tensor {
        switch self {
        case .rows(let tensor): return tensor.gatheringRows(indices)
        case .images(let stack): return stack.dequantized(indices, using: &generator)
        }
    }

    /// Every point, in order (images dequantised afresh).
    func all(using generator: inout SplitMix64) -> Tensor {
        switch self {
        case .rows(let tensor): return tensor
        case .images(let stack): return stack.dequantized(Array(0..<stack.count), using: &generator)
        }
    }
}
