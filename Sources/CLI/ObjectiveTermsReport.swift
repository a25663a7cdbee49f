import Foundation
import Datasets
import Flows
import Tensors
import Configurations

/// `lgf describe --objective-terms N`: where a freshly built model's training objective comes from, step by step, on
/// the first N training points, in training mode as the first optimiser step sees them.
enum ObjectiveTermsReport {
    /// The first `count` training points of the run's data: images dequantised from `seed`, rows as they are.
    /// - Parameter prepared: the run's vector data when the caller has already read and prepared them (a user's file).
    static func firstTrainingPoints(_ count: Int, of configuration: ExperimentConfiguration, prepared: Datasets.Dataset?, seed: UInt64) throws -> Tensor {
        if configuration.image != nil {
            let images = try configuration.loadImages().train
            var noise = SplitMix64(seed: seed)
            return images.dequantized(Array(0..<min(count, images.count)), using: &noise)
        }
        let rows = try (prepared ?? configuration.data.load(seed: seed)).train
        let take = min(count, rows.rowCount)
        return Tensor(shape: [take, rows.columnCount], doubles: Array(rows.values.prefix(take * rows.columnCount))).converted(to: .float32)
    }

    static func lines(_ breakdown: ObjectiveBreakdown, pointCount: Int) -> [String] {
        var lines = ["Objective at initialisation on the first \(pointCount) training points (mean nats per point; one draw of every u):",
                     "  step  log|det|      log p(u|z) − log q(u|x)  factored out  mean square out  what"]
        for step in breakdown.steps {
            lines.append(String(format: "  %4d  %12.2f  %22.2f  %12.2f  %15.3f  ", step.position + 1, step.logAbsDet, step.indexTerm,
                                step.factoredOutLogProb, step.outputMeanSquare) + step.kind)
        }
        lines.append(String(format: "  base N(0, I) over %d features: %.2f", breakdown.baseDimension, breakdown.baseLogProb))
        lines.append(String(format: "  total %.2f = log-determinants %.2f + index terms %.2f + factored out %.2f + base %.2f", breakdown.total,
                            breakdown.totalLogAbsDet, breakdown.totalIndexTerm, breakdown.totalFactoredOutLogProb, breakdown.baseLogProb))
        return lines
    }
}
