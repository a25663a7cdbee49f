import Foundation
import Testing
import Sweeps
import Tensors

/// Reading sweep specifications: grids, choices, per-model settings, seeds, and errors that name the key.
struct SweepSpecificationTests {
    private func write(_ text: String, name: String = "spec.yaml") throws -> String {
        let path = (ExperimentFixtures.scratchFolder("spec") as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func expandsDatasetsModelsGridChoicesAndSeeds() throws {
        let path = try write("""
            name: test
            datasets: [2uniforms, {name: mine, train: /tmp/data/mine.csv, test: /tmp/data/mine-test.npy}]
            models:
              - maf
              - model: lgf-maf
                settings: {hidden: [16, 16]}
                grid: {layers: [2, 3]}
                choices:
                  - {prior-hidden: [8], posterior-hidden: [8]}
                  - {prior-hidden: [16], posterior-hidden: [16]}
            seeds: 2
            settings: {epochs: 4, learning-rate: 1e-3}
            grid: {batch-size: [250, 500]}
            threads: 2
            """)
        let specification = try SweepSpecification.read(path: path)
        let runs = try specification.runs()
        // 2 datasets × (maf: 2 batch sizes + lgf-maf: 2 batch sizes × 2 layer counts × 2 choices) × 2 seeds.
        #expect(runs.count == 2 * (2 + 8) * 2)
        #expect(Set(runs.map(\.id)).count == runs.count)
        let id = "mine_lgf-maf_batch-size-500_layers-3_posterior-hidden-16_prior-hidden-16_seed1"
        let run = try #require(runs.first { $0.id == id })
        #expect(run.overrides.layers == 3 && run.overrides.batchSize == 500 && run.overrides.seed == 1)
        #expect(run.overrides.priorHidden == [16] && run.overrides.hidden == [16, 16])
        #expect(run.overrides.epochs == 4 && run.overrides.learningRate == 1e-3)   // "1e-3" is a string in YAML 1.1
        #expect(run.threads == 2)
        #expect(run.dataset.source == .files(train: "/tmp/data/mine.csv", validation: nil, test: "/tmp/data/mine-test.npy"))
        let arguments = run.trainArguments(folder: "out/run", configurationFile: "c.json")
        #expect(arguments == ["train", "--train-file", "/tmp/data/mine.csv", "--test-file", "/tmp/data/mine-test.npy",
                              "--model", "lgf-maf", "--config", "c.json", "--output", "out/run", "--threads", "2"])
        let maf = try #require(runs.first { $0.id == "2uniforms_maf_batch-size-250_seed0" })
        #expect(maf.overrides.hidden == nil && maf.overrides.batchSize == 250 && maf.dataset.reference == "2uniforms")
    }

    @Test func readsJSONAndExpandsVariablesInPaths() throws {
        let path = try write("""
            {"datasets": [{"train": "$LGF_MINIBOONE_SPLITS/x.npy", "reference": "miniboone"}], "models": ["maf"], "seeds": [4, 7],
             "settings": {"layers": 1, "batch-norm": false, "learning-rate": 0.5, "hidden": [3, 4]}}
            """, name: "spec.json")
        let specification = try SweepSpecification.read(path: path, environment: ["LGF_MINIBOONE_SPLITS": "/somewhere/splits"])
        let runs = try specification.runs()
        #expect(runs.map(\.id) == ["x.npy_maf_seed4", "x.npy_maf_seed7"])
        #expect(runs[0].dataset.source == .files(train: "/somewhere/splits/x.npy", validation: nil, test: nil))
        #expect(runs[0].dataset.reference == "miniboone" && specification.name == "spec")
        // JSON numbers and Booleans keep their kinds (1 is not true, false is not 0).
        #expect(runs[0].overrides.layers == 1 && runs[0].overrides.batchNorm == false)
        #expect(runs[0].overrides.learningRate == 0.5 && runs[0].overrides.hidden == [3, 4])
    }

    /// No folder is assumed for a variable the environment lacks (or leaves empty): the path is refused, naming it.
    @Test(arguments: [[:], ["LGF_MINIBOONE_SPLITS": ""]] as [[String: String]])
    func refusesAPathWhoseVariableIsNotSet(environment: [String: String]) throws {
        let path = try write("datasets: [{train: $LGF_MINIBOONE_SPLITS/x.npy}]\nmodels: [maf]")
        #expect { try SweepSpecification.read(path: path, environment: environment).runs() } throws: { error in
            let text = String(describing: error)
            return text.contains("$LGF_MINIBOONE_SPLITS/x.npy") && text.contains("not set") && text.contains("train")
        }
    }

    /// `matrix-kernel` reaches both the fresh start's and the resume's command line; without it neither names one.
    /// `precision` is a setting like any other: a grid axis gives one run per value, and a value it does not know is
    /// refused before any run starts.
    @Test func sweepsThePrecisionAndRefusesAnUnknownOne() throws {
        let runs = try SweepSpecification.read(path: write("datasets: [2uniforms]\nmodels: [maf]\ngrid: {precision: [fp32, bf16]}")).runs()
        #expect(runs.count == 2 && Set(runs.compactMap { $0.overrides.precision }) == [.fp32, .bf16])
        #expect(Set(runs.map(\.id)).count == 2)
        #expect(throws: (any Error).self) { try SweepSpecification.read(path: write("datasets: [2uniforms]\nmodels: [maf]\nsettings: {precision: fp16}")) }
    }

    @Test func passesTheMatrixKernelToEveryTrainingProcess() throws {
        let chosen = try SweepSpecification.read(path: write("datasets: [2uniforms]\nmodels: [maf]\nthreads: 2\nmatrix-kernel: own")).runs()
        #expect(chosen.count == 1 && chosen[0].matrixKernel == .own)
        #expect(chosen[0].trainArguments(folder: "f", configurationFile: "c.json").suffix(4) == ["--threads", "2", "--matrix-kernel", "own"])
        #expect(chosen[0].resumeArguments(folder: "f") == ["train", "--output", "f", "--resume", "--threads", "2", "--matrix-kernel", "own"])
        let plain = try SweepSpecification.read(path: write("datasets: [2uniforms]\nmodels: [maf]")).runs()
        #expect(plain[0].matrixKernel == nil && !plain[0].resumeArguments(folder: "f").contains("--matrix-kernel"))
        #expect(!plain[0].resumeArguments(folder: "f").contains("--layer-fusion") && !plain[0].resumeArguments(folder: "f").contains("--convolution-algorithm"))
    }

    /// `layer-fusion` and `convolution-algorithm` reach both starts' command lines as `lgf train`'s flags.
    @Test func passesTheLayerFusionAndConvolutionAlgorithmToEveryTrainingProcess() throws {
        let chosen = try SweepSpecification.read(path: write("datasets: [2uniforms]\nmodels: [maf]\nlayer-fusion: off\nconvolution-algorithm: direct")).runs()
        #expect(chosen.count == 1 && chosen[0].layerFusion == .off && chosen[0].convolutionAlgorithm == .direct)
        let tail = ["--threads", "1", "--layer-fusion", "off", "--convolution-algorithm", "direct"]
        #expect(Array(chosen[0].trainArguments(folder: "f", configurationFile: "c.json").suffix(6)) == tail)
        #expect(chosen[0].resumeArguments(folder: "f") == ["train", "--output", "f", "--resume"] + tail)
    }

    @Test(arguments: [
        ("datasets: [2uniforms]\nmodels: [maf]\ngrid: {learning-rat: [1]}", "grid.learning-rat"),
        ("datasets: [2uniforms]\nmodels: [mafx]", "models[0]"),
        ("datasets: [nowhere]\nmodels: [maf]", "datasets[0]"),
        ("datasets: [2uniforms]\nmodels: [maf]\nsettings: {layers: many}", "settings.layers"),
        ("datasets: [2uniforms]\nmodels: [maf]\nseeds: [1, 1]", "seeds"),
        ("datasets: [2uniforms]\nmodels: [maf]\nsettings: {seed: 3}", "settings.seed"),
        ("datasets: [2uniforms]\nmodels: [maf]\nepochs: 3", "epochs"),
        ("models: [maf]", "datasets"),
        ("datasets: [2uniforms]\nmodels: [maf]\nmatrix-kernel: fastest", "matrix-kernel"),
        ("datasets: [2uniforms]\nmodels: [maf]\nlayer-fusion: on", "layer-fusion"),
        ("datasets: [2uniforms]\nmodels: [maf]\nconvolution-algorithm: [direct]", "convolution-algorithm"),
    ])
    func badSpecificationsNameTheKey(text: String, key: String) throws {
        let path = try write(text)
        #expect {
            _ = try SweepSpecification.read(path: path)
        } throws: { error in
            guard case .invalidSpecification(let errorPath, let errorKey, _) = error as? SweepError else { return false }
            return errorPath == path && errorKey == key
        }
    }

    /// `seeds: 9223372036854775807` ended in signal 11 (listing the seeds took all the memory) and a grid of 10⁶ points
    /// × 1000 seeds listed runs for hours; both are refused at once with the count, which is computed without listing.
    @Test(arguments: [("seeds: 9223372036854775807", "seeds", "9223372036854775807"),
                      ("seeds: 2\ngrid: {layers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], epochs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "
                       + "batch-size: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], patience: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "
                       + "learning-rate: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]}", "datasets", "200000 runs")])
    func sweepsOfMoreRunsThanTheLimitAreRefusedBeforeListingThem(text: String, key: String, count: String) throws {
        let path = try write("datasets: [2uniforms]\nmodels: [maf]\n" + text)
        #expect {
            _ = try SweepSpecification.read(path: path)
        } throws: { error in
            guard case .invalidSpecification(_, let errorKey, let reason) = error as? SweepError else { return false }
            return errorKey == key && reason.contains(count) && reason.contains("\(SweepSpecification.maximumRuns)")
        }
        let allowed = try SweepSpecification.read(path: write("datasets: [2uniforms, 8gaussians]\nmodels: [maf, lgf-maf]\nseeds: 3\n"
                                                               + "grid: {layers: [1, 2], epochs: [3, 4, 5]}\nchoices: [{hidden: [8, 8]}, {hidden: [4, 4]}]"))
        #expect(allowed.runCount == Double(try allowed.runs().count) && allowed.runCount == 2 * 2 * 12 * 3)
    }

    /// A setting of the wrong type in a specification said only "has the wrong type or is not a valid choice": it says
    /// what the key takes, in the words of a configuration file's message.
    @Test func aSettingOfTheWrongTypeSaysWhatItTakes() throws {
        let path = try write("datasets: [2uniforms]\nmodels: [maf]\ngrid: {hidden: [5]}")
        #expect(throws: SweepError.invalidSpecification(path: path, key: "grid.hidden", reason: "expected a list of whole numbers (e.g. [50, 50]), found 5")) {
            _ = try SweepSpecification.read(path: path)
        }
    }
}
