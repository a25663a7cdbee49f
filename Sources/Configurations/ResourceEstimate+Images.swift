import Flows
import Networks

extension ResourceEstimate {
    /// The cost of an image run from its sizes alone: the ten couplers' ResNets (and, for the LGF, each coupling's
    /// p, q and (s, t) ResNets; for the baseline its batch norm over every feature), at the resolution each works
    /// on (three at C × H × W, seven at 4C or 2C × H/2 × W/2). Parameters are those of `ResNet`'s layers (to within
    /// biases); the memory per image is one float per channel and pixel of every tensor a ResNet keeps for its
    /// backward pass (the first convolution, five per residual block, the last two), which matches the measured
    /// peak of `lgf bench conv`'s coupler step (506 MiB for ResNet 1 → 2, 4 × 64 at batch 100 on 28 × 28).
    static func cost(of image: ImageExperiment, training: TrainingConfiguration) -> (parameters: Double, trainingBytes: Double) {
        let s = image.specification
        let c = Double(s.imageShape.channels), fullPixels = Double(s.imageShape.height * s.imageShape.width)
        let halfPixels = fullPixels / 4
        func resNet(_ inputs: Double, _ outputs: Double, blocks: Int, hidden: Int, pixels: Double) -> (parameters: Double, units: Double) {
            let h = Double(hidden), b = Double(blocks)
            let parameters = inputs * h * 9 + b * (2 * h * h * 9 + 4 * h) + 2 * h + h * outputs + 2 * outputs
            return (parameters, pixels * (h * (1 + 5 * b + 2) + outputs))
        }
        // (channels, pixels, coupler inputs, coupler outputs) of each of the ten couplings.
        let couplings: [(Double, Double, Double, Double)] = Array(repeating: (c, fullPixels, c, 2 * c), count: 3)
            + Array(repeating: (4 * c, halfPixels, 2 * c, 4 * c), count: 3)
            + Array(repeating: (2 * c, halfPixels, 2 * c, 4 * c), count: 4)
        var parameters = 0.0, units = 0.0
        for (channels, pixels, inputs, outputs) in couplings {
            var parts = [resNet(inputs, outputs, blocks: s.couplerBlocks, hidden: s.couplerHidden, pixels: pixels)]
            if s.kind.isLocalised {
                parts.append(resNet(channels, 2, blocks: s.indexBlocks, hidden: s.indexHidden, pixels: pixels))
                parts.append(resNet(channels, 2, blocks: s.indexBlocks, hidden: s.indexHidden, pixels: pixels))
                parts.append(resNet(1, 2 * channels, blocks: s.shiftScaleBlocks, hidden: s.shiftScaleHidden, pixels: pixels))
            } else {
                parts.append((2 * channels * pixels, 2 * channels * pixels))
            }
            parameters += parts.reduce(0) { $0 + $1.parameters }
            units += parts.reduce(0) { $0 + $1.units }
        }
        let rows = Double(training.batchSize) * (s.kind.isLocalised ? Double(training.trainDrawCount) : 1)
        let floatBytes = Double(MemoryLayout<Float>.size)
        return (parameters, 7 * floatBytes * parameters + floatBytes * rows * units)
    }
}
