import Foundation
import Testing
import Tensors
import Flows
@testable import Configurations

/// A seeded fuzz pass over 64 YAML and JSON configuration files (clean, with a repeated key, a changed or
/// missing byte, a wrong type, an alias bomb): each is read, applied, validated and checked against the
/// memory limit, and ends in a typed error naming the file or in the values written; never a trap.
struct ConfigurationFuzzTests {
    static let caseCount = 64

    static let keys: [(key: String, value: String)] = [("layers", "3"), ("hidden", "[20, 20]"), ("learning-rate", "0.0005"), ("epochs", "7"),
                                                       ("batch-size", "64"), ("seed", "11"), ("train-draws", "2"), ("activation", "tanh")]

    @Test func mutatedConfigurationFilesEndInACleanErrorOrTheirValues() throws {
        var generator = SplitMix64(seed: 64)
        let folder = ExperimentFixtures.scratchFolder("config-fuzz")
        var accepted = 0, refused = 0
        for index in 0..<Self.caseCount {
            let isJSON = index % 2 == 1
            var entries = Self.keys.shuffled(using: &generator).prefix(Int.random(in: 3...Self.keys.count, using: &generator)).map { $0 }
            let kind = index / 2 % 8  // 0, 1 clean; 2 repeated key; 3 wrong type; 4 changed byte; 5 truncation; 6 alias bomb; 7 huge size
            switch kind {
            case 2: entries.append(entries[Int.random(in: 0..<entries.count, using: &generator)])
            case 3: entries[0].value = isJSON ? "\"many\"" : "many"
            case 7: entries.append(("hidden", "[1000000000, 1000000000]"))
            default: break
            }
            // JSON quotes the one string value (YAML does not need to).
            func json(_ value: String) -> String { value == "tanh" ? "\"tanh\"" : value }
            var text = isJSON ? "{" + entries.map { "\"\($0.key)\": \(json($0.value))" }.joined(separator: ", ") + "}\n"
                              : entries.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
            if kind == 6 && !isJSON {
                text += "a: &a [1, 1, 1, 1, 1, 1, 1, 1]\n"
                for level in 1...10 { text += "b\(level): &b\(level) [" + Array(repeating: level == 1 ? "*a" : "*b\(level - 1)", count: 8).joined(separator: ", ") + "]\n" }
            }
            var bytes = Array(text.utf8)
            if kind == 4 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            if kind == 5 { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator))) }
            let path = (folder as NSString).appendingPathComponent("case\(index).\(isJSON ? "json" : "yaml")")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let overrides = try ConfigurationOverrides.read(path: path)
                let defaults = PaperDefaults.configuration(dataset: "2uniforms", dimension: 2, kind: .maf)
                let (model, training) = overrides.apply(to: defaults.model, defaults.training)
                let configuration = ExperimentConfiguration(data: .catalogue(name: "2uniforms", dataDirectory: nil), model: model, training: training)
                try configuration.validate()
                try ResourceLimits.standard.check(configuration)
                accepted += 1
                if kind <= 1 {
                    for (key, value) in entries where key == "epochs" { #expect(String(training.maximumEpochs) == value, "case \(index)") }
                    for (key, value) in entries where key == "layers" { #expect(String(model.layerCount) == value, "case \(index)") }
                }
                #expect(![2, 3, 7].contains(kind) && !(kind == 6 && !isJSON), "case \(index) should have been refused: \(text)")
            } catch let error as ExperimentError {
                refused += 1
                let message = error.description
                #expect(kind != 0 && kind != 1, "case \(index): a clean file was refused: \(message)")
                if case .exceedsResourceLimit = error {
                    #expect(message.contains("GiB"), "case \(index)")
                } else {
                    #expect(message.contains(path), "case \(index): \(message)")
                }
            } catch let error as FlowConfigurationError {
                refused += 1
                #expect(kind == 4 || kind == 5, "case \(index): \(error)")
            }
        }
        #expect(accepted + refused == Self.caseCount && accepted >= 16 && refused >= 24)
    }

    @Test(arguments: ModelName.allCases)
    func theParameterEstimateMatchesTheBuiltModel(name: ModelName) throws {
        var tiny = ExperimentFixtures.tinyConfiguration(kind: name.kind).model
        if name.hasSplineSteps { tiny.spline = SplineSpecification(binCount: 5) }
        for specification in [tiny, PaperDefaults.configuration(dataset: "miniboone", dimension: 43, model: name).model,
                              PaperDefaults.configuration(dataset: "2uniforms", dimension: 2, model: name).model] {
            var configuration = ExperimentFixtures.tinyConfiguration(kind: name.kind)
            configuration.model = specification
            var generator = SplitMix64(seed: 0)
            let actual = Double(try ModelBuilder.build(specification, using: &generator).parameterCount)
            let estimate = ResourceEstimate(configuration).parameters
            if name.kind == .maf || name.kind == .lgfMAF {
                #expect(estimate == actual, "\(name) at D = \(specification.dimension)")
            } else {
                #expect(estimate >= actual && estimate <= 1.5 * actual, "\(name) at D = \(specification.dimension): \(estimate) vs \(actual)")
            }
        }
    }

    /// A spline step's intermediates (K + 1 knots per feature and row) make its training step cost more than an affine
    /// step's of the same networks, and more bins cost more.
    @Test func theMemoryEstimateGrowsWithTheBins() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        configuration.model = PaperDefaults.configuration(dataset: "miniboone", dimension: 43, kind: .maf).model
        let affine = ResourceEstimate(configuration).trainingBytes
        configuration.model.spline = SplineSpecification(binCount: 4)
        let four = ResourceEstimate(configuration).trainingBytes
        configuration.model.spline = SplineSpecification(binCount: 16)
        #expect(affine < four && four < ResourceEstimate(configuration).trainingBytes)
    }

    @Test func absurdSizesAreEstimatedWithoutOverflowAndRefused() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        configuration.model.hiddenCounts = [Int.max]
        #expect(throws: ExperimentError.self) { try ResourceLimits.standard.check(configuration) }
        #expect(ResourceEstimate(configuration).parameters > 1e18)
        configuration.model.hiddenCounts = [8, 8]
        try ResourceLimits.standard.check(configuration)
        #expect(ResourceEstimate(configuration).trainingBytes < 1e8)
    }
}
