import Tensors
import Datasets

extension ImageStack {
    /// The images at `indices` as `[indices.count, C·H·W]` float32 values x + U[0, 1): uniform dequantisation
    /// (Theis et al., *A note on the evaluation of generative models*, ICLR 2016), one draw per pixel from `generator`, in image, channel, row, column
    /// order. A value that would round up to x + 1 in float32 (u within 2⁻¹⁶ of 1 at x = 255) is kept just below
    /// it, so every value stays in [x, x + 1) and the logit pre-transform stays finite even at λ = 0.
    public func dequantized(_ indices: [Int], using generator: inout some RandomNumberGenerator) -> Tensor {
        let size = pixelsPerImage
        var values = [Float](repeating: 0, count: indices.count * size)
        values.withUnsafeMutableBufferPointer { output in
            pixels.withUnsafeBufferPointer { input in
                for (row, index) in indices.enumerated() {
                    precondition(index >= 0 && index < count, "image \(index) out of 0..<\(count)")
                    for feature in 0..<size {
                        let pixel = Double(input[index * size + feature])
                        // The low 53 bits of one draw scaled to [0, 1), as `Double.random(in: 0..<1, using:)` draws them.
                        let noise = Double(generator.next() & (1 << 53 - 1)) * 0x1p-53
                        output[row * size + feature] = min(Float(pixel + noise), Float(pixel + 1).nextDown)
                    }
                }
            }
        }
        return Tensor(shape: [indices.count, size], scalars: values)
    }

    /// Pixels from values on the [0, 256) scale, as the inverse of dequantisation: ⌊x⌋ clamped to 0…255 (NaN to 0).
    /// - Parameter values: one image after another, `count × channels × height × width` of them.
    public static func quantized(_ values: [Double], count: Int, channels: Int, height: Int, width: Int) -> ImageStack {
        let pixels = values.map { value -> UInt8 in
            guard !value.isNaN else { return 0 }
            return UInt8(Swift.max(0, Swift.min(255, value.rounded(.down))))
        }
        return ImageStack(count: count, channels: channels, height: height, width: width, pixels: pixels)
    }
}
