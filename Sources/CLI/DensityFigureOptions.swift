import ArgumentParser
import Figures

/// How `plot`, `demo` and `report` draw 2-D densities: the grid, and the importance sampling of localised models at
/// each grid point (K at first, raised where a point's estimate is noisier than the colour scale can hide).
struct DensityFigureOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Grid points per side of each density panel (default 300; lgf report: 100; lgf demo: \(Demo.pictureGridSize), 300 with --full).")
    var gridSize: Int?

    @Option(parsing: .unconditional, help: "K at every grid point for localised models, before noisy points are refined (default \(ImportanceSampling.defaultInitialSamples); lgf demo: \(Demo.pictureSampling.initialSamples)).")
    var plotImportanceSamples: Int?

    @Option(parsing: .unconditional, help: "The largest K a grid point gets where its estimate is noisy (equal to --plot-importance-samples: no refinement; default \(ImportanceSampling.defaultMaximumSamples); lgf demo: \(Demo.pictureSampling.maximumSamples)).")
    var maxImportanceSamples: Int?

    @Option(parsing: .unconditional, help: "The largest standard error of a grid point's log p̂ allowed, as a fraction of the colour scale.")
    var noiseFraction: Double = ImportanceSampling.defaultColorFraction

    /// The grid size of `plot` and `demo`.
    static let defaultGridSize = 300

    func validate() throws {
        try OptionBounds.check([("--grid-size", gridSize, 2), ("--plot-importance-samples", plotImportanceSamples, 1),
                                ("--max-importance-samples", maxImportanceSamples, 1)])
        if let plotImportanceSamples, let maxImportanceSamples, maxImportanceSamples < plotImportanceSamples {
            throw ValidationError("--max-importance-samples must be at least --plot-importance-samples (\(plotImportanceSamples)), got \(maxImportanceSamples)")
        }
        if !(noiseFraction > 0 && noiseFraction.isFinite) { throw ValidationError("--noise-fraction must be positive, got \(noiseFraction)") }
    }

    /// The grid points per side: `--grid-size`, else the command's default.
    func gridSize(default defaultSize: Int = defaultGridSize) -> Int { gridSize ?? defaultSize }

    /// The importance sampling of localised models at each grid point: the flags given, else the command's default
    /// (a K given alone raises the largest K to at least itself).
    func sampling(default defaultSampling: ImportanceSampling = ImportanceSampling()) -> ImportanceSampling {
        let initial = plotImportanceSamples ?? defaultSampling.initialSamples
        return ImportanceSampling(initialSamples: initial, maximumSamples: maxImportanceSamples ?? max(defaultSampling.maximumSamples, initial),
                                  colorFraction: noiseFraction)
    }
}
