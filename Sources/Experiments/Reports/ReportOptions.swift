/// How `lgf report` evaluates and draws.
public struct ReportOptions: Sendable {
    /// K of the test estimate for localised models (the paper: 1000); exact models ignore it.
    public var importanceSamples = RunEvaluator.defaultImportanceSamples
    /// Seed of the test estimate's draws.
    public var evaluationSeed: UInt64 = 0
    /// Whether to draw figures (training curves; for 2-D data, densities and the Figure-2 strip).
    public var drawsFigures = true
    /// Grid points per side of the density panels.
    public var gridSize = 100
    /// K per grid point of localised models' density panels (before noisy points are refined).
    public var plotImportanceSamples = ImportanceSampling.defaultInitialSamples
    /// Snapshot epochs shown in the Figure-2 strip (the last ones kept by `--snapshot-epochs`).
    public var stripEpochs = 5
    /// Also evaluate and tabulate every configuration, not only the chosen one (e.g. to compare two settings).
    public var reportsEveryConfiguration = false
    /// Count runs that have not ended (interrupted or still training) with their best checkpoint so far.
    public var includesUnfinished = false

    public init() {}
}
