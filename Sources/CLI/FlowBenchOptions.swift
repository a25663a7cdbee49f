import ArgumentParser
import Benchmarks
import Datasets
import Flows
import Foundation

/// The options `lgf bench train` and `lgf bench evaluate` share.
struct FlowBenchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Data shape: \(FlowBenchmarkDataset.namesListed) (2d is 2uniforms); or images: \(imageChoices)."))
    var dataset: String

    @Option(help: ArgumentHelp("Model: \(FlowBenchmarkModel.namesListed); with rational-quadratic spline steps \(FlowBenchOptions.splineModels.keys.sorted().joined(separator: ", "))."))
    var model: String

    @Option(parsing: .unconditional, help: "Spline models: K, the bins of every spline (default 8; 4 for miniboone, as the cif code's nsf-ar).")
    var bins: Int?

    @Option(parsing: .unconditional, help: "Spline models: B, the splines cover [-B, B] and are the identity outside.")
    var tailBound = SplineSpecification().tailBound

    /// The image datasets and the models they take, for help texts.
    static var imageChoices: String {
        "\(ImageDatasetName.namesListed); models \(ModelKind.realNVP.rawValue) and \(ModelKind.lgfRealNVP.rawValue)"
    }

    @OptionGroup var compute: ComputeOptions

    @Option(parsing: .unconditional, help: "Rows per training batch (default 1000; with bench train --data-parallel, the whole batch the ranks share); image datasets: images per training step and rows (images × K) per evaluation pass (default 100).")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Image datasets: residual blocks of every coupler ResNet (default 8 for realnvp, 4 for lgf-realnvp).")
    var couplerBlocks: Int?

    @Option(help: "Image datasets: the file the images are read from (IDX, CIFAR-10 binary or .npy, plain or gzip; default the dataset's test file).", completion: .file())
    var images: String?

    @Option(parsing: .unconditional, help: "A timed step or call counts as clean when other processes used fewer cores than this meanwhile.")
    var foreignThreshold = 0.10

    @OptionGroup var random: SeedOption

    @OptionGroup var format: JSONOption

    func check() throws {
        try OptionBounds.check([("--batch", batch, 1), ("--coupler-blocks", couplerBlocks, 0)])
        if isImageDataset { return try checkImageOptions() }
        guard FlowBenchmarkDataset(name: dataset) != nil else {
            throw ValidationError("--dataset must be one of \(FlowBenchmarkDataset.namesListed), 2uniforms, or an image dataset (\(ImageDatasetName.namesListed)); got \(dataset)")
        }
        guard couplerBlocks == nil, images == nil else {
            throw ValidationError("--coupler-blocks and --images apply to the image datasets (\(ImageDatasetName.namesListed)), not to \(dataset)")
        }
        guard splineModel != nil || FlowBenchmarkModel(name: model) != nil else {
            let names = FlowBenchmarkModel.allCases.map(\.rawValue) + Self.splineModels.keys.sorted()
            throw ValidationError("--model must be one of \(names.joined(separator: ", ")); got \(model)")
        }
        try OptionBounds.check([("--bins", bins, 1)])
        if let bins, bins > 999 { throw ValidationError("--bins must be between 1 and 999, got \(bins)") }
        guard bins == nil || splineModel != nil else { throw ValidationError("--bins applies to the spline models (\(Self.splineModels.keys.sorted().joined(separator: ", "))), not to \(model)") }
        guard tailBound > 0 && tailBound.isFinite else { throw ValidationError("--tail-bound must be positive and finite, got \(tailBound)") }
        guard foreignThreshold > 0 else { throw ValidationError("--foreign-threshold must be positive, got \(foreignThreshold)") }
    }

    /// The benchmark these options describe. - Throws: `ValidationError` for an unknown dataset or model.
    func benchmark() throws -> FlowBenchmark {
        try check()
        guard let dataset = FlowBenchmarkDataset(name: dataset), let model = splineModel ?? FlowBenchmarkModel(name: model) else {
            throw ValidationError("unknown dataset or model")
        }
        var benchmark = FlowBenchmark(dataset: dataset, model: model)
        if splineModel != nil { benchmark.spline = SplineSpecification(binCount: bins ?? dataset.splineBinCount, tailBound: tailBound) }
        benchmark.threads = compute.threads.threads
        benchmark.foreignThreshold = foreignThreshold
        benchmark.seed = random.seed
        if let batch { benchmark.batch = batch }
        return benchmark
    }

    /// The spline models by name, each with the family whose steps become splines.
    static let splineModels: [String: FlowBenchmarkModel] = ["nsf": .maf, "nsf-coupling": .realNVP, "lgf-nsf": .lgfMAF, "lgf-nsf-coupling": .lgfRealNVP]

    /// The family of `--model` when it names a spline model.
    var splineModel: FlowBenchmarkModel? { Self.splineModels[model.lowercased()] }

    static func summary(_ r: FlowBenchmarkResult) -> String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        var lines = ["\(r.model) on \(r.dataset) (D = \(r.dimension)): \(r.parameters) parameters (reference architecture \(r.referenceParameters)), "
                     + "\(r.threads) thread(s), OpenBLAS core \(r.coreName), float32 products by \(r.matrixKernel)"]
        if r.phase == "train" {
            lines.append("training (\(r.objective), batch \(r.batch)): \(fixed(r.samplesPerSecond, 0)) samples/s, \(fixed(r.msPerStep, 2)) ms/step "
                         + "[\(r.basis); range \(fixed(r.samplesPerSecondMinimum, 0))–\(fixed(r.samplesPerSecondMaximum, 0)); "
                         + "all steps \(fixed(r.rawSamplesPerSecond, 0)) samples/s, CPU \(fixed(r.cpuMsPerStep, 2)) ms/step "
                         + "(fastest tenth \(fixed(r.cpuMsPerStepFastestTenth, 2))); "
                         + "\(Int((100 * r.cleanFraction).rounded()))% of steps clean]")
            lines.append("final loss \(fixed(r.finalLoss, 4))")
        } else {
            let what = r.importanceSamples > 1 ? "importance sampling, K = \(r.importanceSamples), \(r.rowsPerPass) rows per pass, threads \(r.estimatorThreading ?? "automatic")" : "exact log-likelihood"
            lines.append("evaluation (\(what)): \(fixed(r.pointsPerSecond, 2)) points/s, \(fixed(r.msPerStep, 2)) ms per pass, "
                         + "mean log-likelihood \(fixed(r.meanLogLikelihood, 4)) over \(r.evaluationPoints) points, "
                         + "\(Int((100 * r.cleanFraction).rounded()))% of calls clean; CPU \(fixed(r.cpuPointsPerSecond, 2)) points/s "
                         + "(fastest tenth of calls \(fixed(r.cpuPointsPerSecondFastestTenth, 2)))")
            if r.elboPointsPerSecond > 0 { lines.append("one-draw ELBO: \(fixed(r.elboPointsPerSecond, 0)) points/s") }
            lines.append("sampling \(r.sampleCount) points: \(fixed(r.samplingSeconds, 3)) s")
        }
        lines.append("peak resident memory \(fixed(r.peakMemoryMiB, 1)) MiB; tensor pool peak \(fixed(r.poolPeakMiB, 1)) MiB, "
                     + "\(fixed(r.poolMissesPerStep, 2)) pool misses per step")
        return lines.joined(separator: "\n")
    }
}
