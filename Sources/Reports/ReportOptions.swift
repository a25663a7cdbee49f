import Runs
import Figures
import Configurations
/// How `lgf report` evaluates and draws.
public struct ReportOptions: Sendable {
    /// K of the test estimate for localised models (the paper: 1000); exact models ignore it.
    public var importanceSamples = RunEvaluator.defaultImportanceSamples
    /// K of image runs' test estimates (localised models; exact ones ignore it): an image LGF costs K forward
    /// passes of a ResNet flow per image, so the paper's 1000 on 10,000 test images is CPU-days on a CPU.
    public var imageImportanceSamples = ReportOptions.defaultImageImportanceSamples
    /// Image runs are scored on the first this-many test images (all of them when larger than the split).
    public var testImages = ReportOptions.defaultTestImages
    /// 20 draws and 1,000 images: about 20,000 ResNet-flow passes per localised image run, minutes on a CPU for the
    /// budget models of docs/reproduction.md (their K = 20 on 500 images took 5.5 minutes).
    public static let defaultImageImportanceSamples = 20
    public static let defaultTestImages = 1_000
    /// Seed of the test estimate's draws.
    public var evaluationSeed: UInt64 = 0
    /// Whether to draw figures (training curves; for 2-D data, densities and the Figure-2 strip).
    public var drawsFigures = true
    /// Grid points per side of the density panels.
    public var gridSize = 100
    /// How localised models' density panels are importance-sampled: K per grid point, raised where a point is noisy.
    public var sampling = ImportanceSampling()
    /// Snapshot epochs shown in the Figure-2 strip (the last ones kept by `--snapshot-epochs`).
    public var stripEpochs = 5
    /// Also evaluate and tabulate every configuration, not only the chosen one (e.g. to compare two settings).
    public var reportsEveryConfiguration = false
    /// Count runs that have not ended (interrupted or still training) with their best checkpoint so far.
    public var includesUnfinished = false

    /// The memory loading a run's model and decoding its image files may take.
    public var limits = ResourceLimits.standard

    public init() {}
}
