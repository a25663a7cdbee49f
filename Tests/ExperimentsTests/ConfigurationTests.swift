import Foundation
import Testing
import Flows
import Configurations
import Datasets

struct ConfigurationTests {
    @Test func paperDefaultsFollowTheDataset() {
        let rectangles = PaperDefaults.configuration(dataset: "2uniforms", dimension: 2, kind: .lgfMAF)
        #expect(rectangles.model == .figure1LGFMAF() && rectangles.training.maximumEpochs == 300 && rectangles.training.trainDrawCount == 10)
        #expect(PaperDefaults.configuration(dataset: "2uniforms", dimension: 2, kind: .maf).model == .figure1MAF())
        let rings = PaperDefaults.configuration(dataset: "rings", dimension: 2, kind: .lgfMAF)
        #expect(rings.model == .figure4LGFMAF() && rings.training.maximumEpochs == 500)
        let miniboone = PaperDefaults.configuration(dataset: "miniboone", dimension: 43, kind: .lgfMAF)
        #expect(miniboone.model.indexDimension == 10 && miniboone.model.indexPriorHiddenCounts == [512, 512] && miniboone.model.hiddenCounts == [128, 128])
        #expect(miniboone.training.patience == 30 && miniboone.training.validationImportanceSamples == 5 && miniboone.training.trainDrawCount == 1)
        let user = PaperDefaults.configuration(dataset: nil, dimension: 11, kind: .maf)
        #expect(user.model.hiddenCounts == [200, 200] && user.model.layerCount == 10 && user.model.usesBatchNorm)
    }

    /// Spline flows on the paper's 2-D targets cover each target's extent (they are not standardised); elsewhere the
    /// `cif` code's B = 3.
    @Test func splineTailBoundsReachTheData() throws {
        for target in TwoDimensionalTarget.allCases {
            for model in [ModelName.nsf, .lgfNSF] {
                let spline = try #require(PaperDefaults.configuration(dataset: target.rawValue, dimension: 2, model: model).model.spline)
                #expect(spline.tailBound >= 3 && spline.tailBound >= target.extent + 0.5, "\(target) \(model): B = \(spline.tailBound)")
            }
        }
        #expect(PaperDefaults.configuration(dataset: "checkerboard", dimension: 2, model: .nsf).model.spline?.tailBound == 5)
        #expect(PaperDefaults.configuration(dataset: "2uniforms", dimension: 2, model: .nsf).model.spline?.tailBound == 3)
        #expect(PaperDefaults.configuration(dataset: nil, dimension: 2, model: .nsf).model.spline?.tailBound == 3)
        #expect(PaperDefaults.configuration(dataset: "miniboone", dimension: 43, model: .nsf).model.spline?.tailBound == 3)
    }

    @Test func yamlAndJSONFilesOverrideAndFlagsWin() throws {
        let folder = ExperimentFixtures.scratchFolder("config")
        let yaml = (folder as NSString).appendingPathComponent("c.yaml")
        try "learning-rate: 0.0005\nhidden: [20, 20]\nepochs: 7\nbatch-norm: false\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let json = (folder as NSString).appendingPathComponent("c.json")
        try #"{"learning-rate": 0.002, "index-dimension": 3}"#.write(toFile: json, atomically: true, encoding: .utf8)
        let fromYAML = try ConfigurationOverrides.read(path: yaml)
        #expect(fromYAML.learningRate == 0.0005 && fromYAML.hidden == [20, 20] && fromYAML.epochs == 7 && fromYAML.batchNorm == false)
        #expect(try ConfigurationOverrides.read(path: json).indexDimension == 3)
        var flags = ConfigurationOverrides()
        flags.learningRate = 0.01
        let merged = flags.overriding(fromYAML)
        let defaults = PaperDefaults.configuration(dataset: "2uniforms", dimension: 2, kind: .maf)
        let (model, training) = merged.apply(to: defaults.model, defaults.training)
        #expect(training.learningRate == 0.01 && training.maximumEpochs == 7 && model.hiddenCounts == [20, 20] && !model.usesBatchNorm)
    }

    @Test func badConfigurationFilesNameTheProblem() throws {
        let folder = ExperimentFixtures.scratchFolder("bad-config")
        let unknown = (folder as NSString).appendingPathComponent("u.yaml")
        try "learning-rat: 0.1\n".write(toFile: unknown, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.unknownConfigurationKey(path: unknown, key: "learning-rat", known: ConfigurationOverrides.keys)) {
            try ConfigurationOverrides.read(path: unknown)
        }
        let wrongType = (folder as NSString).appendingPathComponent("t.json")
        try #"{"epochs": "many"}"#.write(toFile: wrongType, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigurationOverrides.read(path: wrongType)
            Issue.record("a string for epochs should be rejected")
        } catch {
            #expect("\(error)".contains("epochs") && "\(error)".contains(wrongType))
        }
        #expect(throws: ExperimentError.self) { try ConfigurationOverrides.read(path: (folder as NSString).appendingPathComponent("missing.yaml")) }
    }

    /// A value of the wrong type read "expected a value of type UInt64" (or Sequence, or Scalar), or for a JSON number
    /// that fits no field "The given data was not valid JSON.", never saying what the file held: the message names the
    /// key, what it takes in words and the value found, cut short.
    @Test(arguments: [
        ("c.yaml", "seed: -1\n", #"key "seed": expected a whole number ≥ 0, found -1"#),
        ("c.yaml", "hidden: 5\n", #"key "hidden": expected a list of whole numbers (e.g. [50, 50]), found 5"#),
        ("c.yaml", "hidden: [a, b]\n", #"key "hidden": expected a list of whole numbers (e.g. [50, 50]), found [a, b]"#),
        ("c.yaml", "epochs: {a: 1}\n", #"key "epochs": expected a whole number, found {a: 1}"#),
        ("c.yaml", "activation: sigmoid\n", #"key "activation": expected one of tanh, relu, found sigmoid"#),
        ("c.yaml", "batch-norm: maybe\n", #"key "batch-norm": expected true or false, found maybe"#),
        ("c.yaml", "learning-rate: " + String(repeating: "x", count: 5_000) + "\n",
         #"key "learning-rate": expected a number, found "# + String(repeating: "x", count: 40) + "…"),
        ("c.json", #"{"layers": 3, "seed": -1}"#, #"key "seed": expected a whole number ≥ 0, found -1"#),
        ("c.json", #"{"epochs": 2.5}"#, #"key "epochs": expected a whole number, found 2.5"#),
        ("c.json", #"{"epochs": "many"}"#, #"key "epochs": expected a whole number, found "many""#),
    ])
    func aValueOfTheWrongTypeIsNamedWithWhatItTakes(name: String, text: String, reason: String) throws {
        let path = (ExperimentFixtures.scratchFolder("typed-config") as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.configurationFile(path: path, reason: reason)) { try ConfigurationOverrides.read(path: path) }
    }

    @Test(arguments: ["learning rate", "batch size", "epochs", "patience", "minimum steps", "train draws", "validation importance samples"])
    func nonPositiveHyperparametersAreRejected(field: String) {
        var training = TrainingConfiguration()
        switch field {
        case "learning rate": training.learningRate = -1
        case "batch size": training.batchSize = 0
        case "epochs": training.maximumEpochs = 0
        case "patience": training.patience = 0
        case "minimum steps": training.minimumSteps = 0
        case "train draws": training.trainDrawCount = -2
        default: training.validationImportanceSamples = 0
        }
        do {
            try training.validate()
            Issue.record("\(field) should be rejected")
        } catch {
            #expect("\(error)".hasPrefix(field))
        }
    }
}
