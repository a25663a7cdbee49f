import Flows

/// A published test log-likelihood to put beside ours (Cornish et al. 2020, Table 1; Durkan et al. 2019, Table 1).
public struct PublishedResult: Sendable, Codable, Equatable {
    public var logLikelihood: Double
    public var standardError: Double?
    /// Where the figure comes from.
    public var source: String

    /// The figures we compare against, by dataset (the catalogue name, or a sweep's `reference`) and model:
    /// the LGF paper's Table 1 for the UCI sets (mean ± s.e. over 3 seeds, K = 1000), and for two rectangles
    /// the PyTorch reference's `learn2d.py` (300 epochs, 3 seeds), since the paper
    /// gives Figure 1 without a number; for `nsf` the neural spline flow paper's autoregressive RQ-NSF (Durkan et al.,
    /// NeurIPS 2019, Table 1; printed here without its standard errors).
    public static func lookup(dataset: String?, model: ModelName) -> PublishedResult? {
        let table = "LGF paper, Table 1", splines = "NSF paper (Durkan et al. 2019), Table 1, RQ-NSF (AR)"
        switch (dataset?.lowercased(), model) {
        case ("power", .maf): return .init(logLikelihood: 0.19, standardError: 0.02, source: table)
        case ("power", .lgfMAF): return .init(logLikelihood: 0.48, standardError: 0.01, source: table)
        case ("gas", .maf): return .init(logLikelihood: 9.23, standardError: 0.07, source: table)
        case ("gas", .lgfMAF): return .init(logLikelihood: 12.02, standardError: 0.10, source: table)
        case ("hepmass", .maf): return .init(logLikelihood: -18.33, standardError: 0.10, source: table)
        case ("hepmass", .lgfMAF): return .init(logLikelihood: -16.63, standardError: 0.09, source: table)
        case ("miniboone", .maf): return .init(logLikelihood: -10.98, standardError: 0.03, source: table)
        case ("miniboone", .lgfMAF): return .init(logLikelihood: -9.93, standardError: 0.04, source: table)
        case ("power", .nsf): return .init(logLikelihood: 0.66, standardError: nil, source: splines)
        case ("gas", .nsf): return .init(logLikelihood: 13.09, standardError: nil, source: splines)
        case ("hepmass", .nsf): return .init(logLikelihood: -14.01, standardError: nil, source: splines)
        case ("miniboone", .nsf): return .init(logLikelihood: -9.22, standardError: nil, source: splines)
        case ("2uniforms", .maf): return .init(logLikelihood: -1.598, standardError: 0.027, source: "PyTorch reference (learn2d.py)")
        case ("2uniforms", .lgfMAF): return .init(logLikelihood: -1.473, standardError: 0.020, source: "PyTorch reference (learn2d.py)")
        default: return nil
        }
    }
}
