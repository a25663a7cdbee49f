import Plots

extension TrainingCurveFigure {
    /// What one epoch of a run recorded.
    public struct Epoch: Sendable, Hashable {
        /// 1-based epoch number.
        public var epoch: Int
        /// The training objective averaged over the epoch (the ELBO of localised models, the exact log-likelihood
        /// of baselines) and the validation log-likelihood (exact, or importance-sampled with the run's K), per data
        /// point, in nats.
        public var trainingObjective, validationEstimate: Double

        /// An epoch's record.
        public init(epoch: Int, trainingObjective: Double, validationEstimate: Double) {
            self.epoch = epoch
            self.trainingObjective = trainingObjective
            self.validationEstimate = validationEstimate
        }
    }

    /// One training run: its name in the legends and its epochs in order.
    public struct Run: Sendable, Hashable {
        /// E.g. "MAF" or "LGF-MAF"; the legends add " train" or " validation".
        public var name: String
        /// The per-epoch records; non-finite values break the curve rather than being joined over.
        public var epochs: [Epoch]
        /// The run's colour in both charts; `nil` takes the next colour of `LineChart.defaultPalette`.
        public var color: RGBAColor?

        /// A run named `name`.
        public init(name: String, epochs: [Epoch], color: RGBAColor? = nil) {
            self.name = name
            self.epochs = epochs
            self.color = color
        }
    }

    /// Which charts the figure draws.
    public enum Layout: Sendable, Hashable {
        /// The training objective (left) and the validation estimate (right), side by side.
        case objectiveAndValidation
        /// The validation estimate only.
        case validationOnly
    }
}
