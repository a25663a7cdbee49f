import Tensors

/// Where a flow's training objective comes from on a batch: the mean contribution of every step to the one-draw
/// ELBO, log p(x, u) − log q(u | x) (paper Algorithm 1), so that a model whose objective is far off can be read
/// term by term (`FlowDensity.objectiveBreakdown(_:using:)`). All values are means over the batch's rows, in nats.
///
/// The parts add up to the objective: `total` = Σ `logAbsDet` + Σ `indexTerm` + Σ `factoredOutLogProb` + `baseLogProb`.
public struct ObjectiveBreakdown: Sendable, Equatable {
    /// The mean contribution of one step.
    public struct Step: Sendable, Equatable {
        /// The step's position in the flow (data → latent).
        public var position: Int
        /// What the step is (`FlowStep.architecture` without the parameter count).
        public var kind: String
        /// The mean log|det ∂z/∂x| of the step's bijection (0 for a factor-out step).
        public var logAbsDet: Double
        /// For an indexed layer, the mean of log p(u | z) − log q(u | x); 0 otherwise.
        public var indexTerm: Double
        /// For a factor-out step, the mean log N(z_out; 0, I) of the features it hands off; 0 otherwise.
        public var factoredOutLogProb: Double
        /// The mean square of the step's output over its features: how far the activations have grown.
        public var outputMeanSquare: Double
    }

    public var steps: [Step]
    /// The mean log N(z; 0, I) of what reaches the base density.
    public var baseLogProb: Double
    /// The features the base density models.
    public var baseDimension: Int

    /// The mean one-draw objective, log p(x, u) − log q(u | x).
    public var total: Double {
        steps.reduce(baseLogProb) { $0 + $1.logAbsDet + $1.indexTerm + $1.factoredOutLogProb }
    }

    /// Σ of the steps' mean log-determinants.
    public var totalLogAbsDet: Double { steps.reduce(0) { $0 + $1.logAbsDet } }

    /// Σ of the indexed layers' mean log p(u | z) − log q(u | x).
    public var totalIndexTerm: Double { steps.reduce(0) { $0 + $1.indexTerm } }

    /// Σ of the factor-out steps' mean log-densities.
    public var totalFactoredOutLogProb: Double { steps.reduce(0) { $0 + $1.factoredOutLogProb } }
}

extension FlowDensity {
    /// The objective's terms on `x`, step by step, for one draw of every index (the ELBO's terms of
    /// `elboTerms(_:using:)`, in the same order of operations, but kept apart). Nothing is recorded for gradients.
    /// - Parameters:
    ///   - x: `[batch, D]` or `[batch] + eventShape`.
    ///   - context: `[batch, C]` for a conditional density, `nil` otherwise.
    /// - Throws: `DensityError` for bad input.
    public func objectiveBreakdown(_ x: Tensor, context: Tensor? = nil, using generator: inout some RandomNumberGenerator) throws -> ObjectiveBreakdown {
        try validate(x, context: context)
        return withoutGradientRecording {
            var z = prepared(x)
            let c = embedded(prepared(context: context))
            var parts: [ObjectiveBreakdown.Step] = []
            for (position, step) in steps.enumerated() {
                var part = ObjectiveBreakdown.Step(position: position, kind: Self.kind(of: step), logAbsDet: 0, indexTerm: 0,
                                                   factoredOutLogProb: 0, outputMeanSquare: 0)
                switch step {
                case .bijection(let bijection):
                    let (output, logAbsDet) = bijection.forward(z, given: Conditioning(context: c))
                    z = output
                    part.logAbsDet = Self.mean(logAbsDet)
                case .indexed(let layer):
                    let (u, logQ) = layer.indexPosterior.sample(given: z, context: c, using: &generator)
                    let (output, logAbsDet) = layer.bijection.forward(z, given: Conditioning(index: u, context: c))
                    z = output
                    part.logAbsDet = Self.mean(logAbsDet)
                    part.indexTerm = Self.mean(layer.indexPrior.logProb(u, given: z, context: c) - logQ)
                case .factorOut(let split):
                    let (kept, logProb) = split.forward(z)
                    z = kept
                    part.factoredOutLogProb = Self.mean(logProb)
                }
                part.outputMeanSquare = Self.mean(z.squared().mean(alongAxis: 1))
                parts.append(part)
            }
            return ObjectiveBreakdown(steps: parts, baseLogProb: Self.mean(base.logProb(z)), baseDimension: base.dimension)
        }
    }

    private static func mean(_ values: Tensor) -> Double {
        let doubles = values.doubles
        return doubles.reduce(0, +) / Double(max(doubles.count, 1))
    }

    private static func kind(of step: FlowStep) -> String {
        switch step {
        case .bijection(let bijection): return bijection.architecture
        case .indexed(let layer): return "LGF layer: \(layer.bijection.architecture)"
        case .factorOut(let split): return "factor out \(split.featureCount - split.keptCount) features"
        }
    }
}
