import ArgumentParser
import Benchmarks
import Datasets
import Foundation

/// `lgf bench train|evaluate --dataset fashion-mnist|cifar10|mnist`: the image flows on real images, timed like
/// the PyTorch reference's `image_bench.py`.
extension FlowBenchOptions {
    /// The image dataset `--dataset` names, if it names one.
    var imageDataset: ImageDatasetName? { ImageDatasetName(rawValue: dataset.lowercased()) }

    var isImageDataset: Bool { imageDataset != nil }

    func checkImageOptions() throws {
        guard let model = FlowBenchmarkModel(name: model), model == .realNVP || model == .lgfRealNVP else {
            throw ValidationError("--model must be realnvp or lgf-realnvp for the image dataset \(dataset); got \(self.model)")
        }
    }

    /// The image benchmark these options describe, its images read.
    /// - Throws: `ValidationError` for bad options; `DatasetError` when no image file is found or it cannot be read.
    func imageBenchmark(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ImageFlowBenchmark {
        try check()
        guard let name = imageDataset, let model = FlowBenchmarkModel(name: model) else { throw ValidationError("unknown image dataset or model") }
        let path = try images ?? FlowBenchOptions.defaultImageFile(for: name, environment: environment)
        var benchmark = ImageFlowBenchmark(dataset: name, model: model, images: try ImageFile.read(path: path), imageFile: path)
        benchmark.threads = compute.threads.threads
        benchmark.seed = random.seed
        benchmark.couplerBlocks = couplerBlocks
        if let batch { benchmark.batch = batch }
        return benchmark
    }

    /// The dataset's test file from the data directory (or Debian's Fashion-MNIST folder); `--images FILE` names any
    /// other file.
    /// - Throws: `DatasetError.fileNotFound` naming every place searched.
    static func defaultImageFile(for name: ImageDatasetName, environment: [String: String]) throws -> String {
        let candidates = name.testFileCandidates(dataDirectory: DataDirectory.resolve(environment: environment))
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw DatasetError.fileNotFound(path: candidates[0], requirement: "images for \(name.rawValue) in one of \(candidates.joined(separator: ", ")); "
                                            + "pass --images FILE or set \(DataDirectory.environmentVariable)")
        }
        return found
    }

    static func summary(_ r: ImageFlowBenchmarkResult) -> String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        let what = r.phase == "train"
            ? "training step (Adam, \(r.model == "lgf-realnvp" ? "one-draw ELBO" : "exact log-likelihood"), batch \(r.batch))"
            : "evaluation (\(r.importanceSamples > 1 ? "importance sampling, K = \(r.importanceSamples)" : "exact log-likelihood"), "
                + "\(r.imagesPerStep) images per call)"
        return """
            \(r.model) (\(r.couplerBlocks) coupler blocks) on \(r.dataset) images from \(r.imageFile): \(r.parameters) parameters, \
            \(r.threads) thread(s), products by \(r.matrixKernel), convolutions by \(r.convolutionKernel)
            \(what): \(fixed(r.imagesPerSecond, 2)) images/s (\(fixed(r.imagesPerCPUSecond, 2)) per CPU-second), \
            \(fixed(r.stepMilliseconds, 0)) ms (CPU \(fixed(r.stepCPUMilliseconds, 0)) ms) per \(r.phase == "train" ? "step" : "call"), \
            median of \(r.timedSteps) after \(r.warmupSteps) warm-up; fastest \(fixed(r.stepMillisecondsFastest, 0)) ms\
            \(r.productShare > 0 ? "; \(fixed(100 * r.productShare, 0))% of the CPU time in matrix products" : "")
            mean \(r.phase == "train" ? "loss" : "log-likelihood") \(fixed(r.meanObjective, 2)) nats per image; \
            peak resident memory \(fixed(r.peakResidentMiB, 1)) MiB; tensor pool peak \(fixed(r.poolPeakMiB, 1)) MiB, \
            \(fixed(r.poolMissesPerStep, 1)) pool misses per step
            """
    }
}
