import Foundation

/// The per-feature statistics of a model's fixed first step z = (x − mean) / std (`StandardizationBijection`),
/// recorded in the model's specification so that a run folder or checkpoint rebuilds the same model.
public struct InputStandardization: Sendable, Codable, Equatable {
    /// The training split's column means, `[D]`.
    public var mean: [Double]
    /// The training split's column standard deviations, `[D]`, every entry positive.
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }

    /// log |det| of the map from raw to standardised units, −Σ_j log std_j: a density over standardised
    /// data plus this is the density over the data's own units.
    public var logAbsDeterminant: Double { -std.reduce(0) { $0 + Foundation.log($1) } }
}
