import Foundation
import Tensors
import Networks
import Flows

/// Training a (conditional) density on rows of (x, c) and measuring it on held-out rows, for the learning tests.
struct ConditionalLearning {
    /// Rows of x `[n, D]` and their contexts `[n, C]`, float32.
    struct Rows {
        var x: Tensor
        var c: Tensor
        var count: Int { x.shape[0] }

        init(x: [Double], c: [Double], dimension: Int, contextDimension: Int) {
            self.x = Tensor(shape: [x.count / dimension, dimension], values: x, dtype: .float32)
            self.c = Tensor(shape: [c.count / contextDimension, contextDimension], values: c, dtype: .float32)
        }
    }

    /// Adam steps of `batchSize` rows taken in order through `training` (which the caller drew in random order),
    /// maximising the ELBO (log p(x | c) for exact models), with the context or without (`usesContext` false: the
    /// unconditional model of x alone).
    static func train(_ model: FlowDensity, on training: Rows, steps: Int, batchSize: Int, learningRate: Double, usesContext: Bool,
                      seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let optimizer = Adam(parameters: model.parameters, learningRate: learningRate)
        model.setMode(.training)
        var start = 0
        for _ in 0..<steps {
            if start + batchSize > training.count { start = 0 }
            let rows = start..<(start + batchSize)
            start += batchSize
            let context = usesContext ? training.c.gatheringRows(rows) : nil
            let loss = -(try model.elbo(training.x.gatheringRows(rows), context: context, using: &generator)).mean()
            optimizer.update(with: loss.gradients(withRespectTo: model.parameters.map(\.value)))
        }
    }

    /// The held-out log-likelihood of every row (exact, or importance-sampled with `importanceSamples` draws), in
    /// evaluation mode.
    static func logLikelihoods(_ model: FlowDensity, on rows: Rows, usesContext: Bool, importanceSamples: Int = 100, seed: UInt64) throws -> [Double] {
        model.setMode(.evaluation)
        defer { model.setMode(.training) }
        var generator = SplitMix64(seed: seed)
        return try model.logLikelihood(rows.x, context: usesContext ? rows.c : nil, importanceSamples: importanceSamples, using: &generator).values
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
}
