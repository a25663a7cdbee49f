import Foundation
import Datasets
import Configurations

/// What an image run trains on and with, in sentences for `lgf train` and `lgf describe`.
enum ImageDescription {
    static func lines(_ configuration: ExperimentConfiguration, images: ImageDataset?, parameters: Int, folder: String?) -> [String] {
        guard let image = configuration.image else { return [] }
        let s = image.specification
        var lines = ["Training \(s.kind.rawValue) (\(parameters) parameters) on \(configuration.data.name), images of \(s.imageShape)"
            + (images.map { ": \($0.train.count) train / \($0.validation.count) validation / \($0.test.count) test images" } ?? "")
            + (folder.map { " → \($0)" } ?? "")]
        var model = "Model: logit pre-transform (λ = \(s.logitLambda)), 10 couplings with ResNet couplers of \(s.couplerBlocks) blocks × \(s.couplerHidden) channels"
        model += s.kind.isLocalised
            ? ", each followed by a conditional affine layer (u of 1 × H × W; p, q ResNets \(s.indexBlocks) × \(s.indexHidden); s, t \(s.shiftScaleBlocks) × \(s.shiftScaleHidden))"
                + IndexedLayerDescription.clause(s.indexedLayers) + "."
            : ", each followed by batch norm over every feature."
        lines.append(model)
        var data = "Data: pixels dequantised afresh for every batch (x + U[0, 1), seeded); validation is the last 10 % of the training images"
        if let limit = image.trainingImageLimit { data += " (of the first \(limit), --train-images)" }
        lines.append(data + "; bits per dimension refer to the [0, 256) pixel scale.")
        return lines
    }
}
