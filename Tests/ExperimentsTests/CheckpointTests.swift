import Foundation
import Testing
import Tensors
import Networks
import Flows
@testable import Checkpoints

/// Saving and restoring whole training states: bit-identical round trips of real flows and Adam, and a
/// typed error (naming the file, the tensor and both shapes) for every way a checkpoint can fail to fit.
struct CheckpointTests {
    // MARK: - Fixtures

    static func build(_ specification: ModelSpecification, seed: UInt64) throws -> FlowDensity {
        var generator = SplitMix64(seed: seed)
        return try ModelBuilder.build(specification, using: &generator)
    }

    static let smallLGF = ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 2, hiddenCounts: [8, 8], shiftScaleHiddenCounts: [6],
                                             indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8])
    static let smallMAF = ModelSpecification(kind: .maf, dimension: 2, layerCount: 3, hiddenCounts: [16, 16])

    /// `stepCount` Adam updates of the negative ELBO on standard-normal batches.
    static func train(_ model: FlowDensity, with adam: Adam, stepCount: Int, seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<stepCount {
            let x = Tensor.randomNormal(shape: [32, model.dimension], using: &generator)
            let loss = -(try model.elbo(x, using: &generator)).mean()
            adam.update(with: loss.gradients(withRespectTo: model.parameters.map(\.value)))
        }
    }

    /// The exact bits of every element (Float → Double is exact, so this also compares Float tensors).
    static func bits(_ tensor: Tensor) -> [UInt64] { tensor.doubles.map(\.bitPattern) }

    static func stateBits(_ model: some Layer) -> [String: [UInt64]] {
        Dictionary(uniqueKeysWithValues: model.namedState.map { ($0.name, bits($0.tensor.value)) })
    }

    /// A fresh directory for one test's files.
    static func makeDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("CheckpointTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        return directory
    }

    // MARK: - Round trips

    @Test func trainedLGFAndAdamRoundTripBitForBit() throws {
        let original = try Self.build(.figure1LGFMAF(), seed: 1)
        let adam = Adam(parameters: original.parameters, learningRate: 1e-3)
        try Self.train(original, with: adam, stepCount: 2, seed: 2)
        adam.learningRate = 3.7e-4  // as a schedule would leave it
        let metadata = ["configuration": "{\"kind\": \"lgf-maf\", \"dimension\": 2}", "epoch": "2", "bestValidation": "-2.8125", "rng": "12345678901234567890"]
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/checkpoint.safetensors"
        try Checkpoint.save(model: original, optimizer: adam, metadata: metadata, to: path)

        let restored = try Self.build(.figure1LGFMAF(), seed: 99)
        let restoredAdam = Adam(parameters: restored.parameters, learningRate: 1e-3)
        #expect(Self.stateBits(restored) != Self.stateBits(original))
        let checkpoint = try Checkpoint.load(from: path)
        #expect(checkpoint.metadata == metadata)
        try checkpoint.restore(into: restored, optimizer: restoredAdam)

        #expect(restored.namedState.map(\.name) == original.namedState.map(\.name))
        #expect(Self.stateBits(restored) == Self.stateBits(original))
        #expect(restored.namedState.allSatisfy { $0.tensor.value.dtype == .float32 })
        #expect(restoredAdam.stepCount == 2 && restoredAdam.learningRate == 3.7e-4)
        #expect(restoredAdam.firstMoments.map(Self.bits) == adam.firstMoments.map(Self.bits))
        #expect(restoredAdam.secondMoments.map(Self.bits) == adam.secondMoments.map(Self.bits))

        var drawsA = SplitMix64(seed: 5), drawsB = SplitMix64(seed: 5)
        let x = Tensor.randomNormal(shape: [16, 2], using: &drawsA)
        _ = Tensor.randomNormal(shape: [16, 2], using: &drawsB)
        let elboA = try withoutGradientRecording { try original.elbo(x, using: &drawsA) }
        let elboB = try withoutGradientRecording { try restored.elbo(x, using: &drawsB) }
        #expect(Self.bits(elboA) == Self.bits(elboB))

        // Resuming continues the run exactly: one more step on each gives the same parameters.
        try Self.train(original, with: adam, stepCount: 1, seed: 7)
        try Self.train(restored, with: restoredAdam, stepCount: 1, seed: 7)
        #expect(Self.stateBits(restored) == Self.stateBits(original))
    }

    @Test func exactFlowWithBatchNormRestoresBuffersAndLogProb() throws {
        let original = try Self.build(Self.smallMAF, seed: 3)
        original.setMode(.training)
        let adam = Adam(parameters: original.parameters)
        try Self.train(original, with: adam, stepCount: 3, seed: 4)
        let runningMeans = original.namedState.filter { $0.name.hasSuffix("runningMean") }
        #expect(!runningMeans.isEmpty && runningMeans.allSatisfy { $0.tensor.value.doubles != [0, 0] })

        let restored = try Self.build(Self.smallMAF, seed: 30)
        try Checkpoint(decoding: Checkpoint(model: original, optimizer: nil, metadata: [:]).encoded(), source: "memory")
            .restore(into: restored, optimizer: nil)
        #expect(Self.stateBits(restored) == Self.stateBits(original))
        original.setMode(.evaluation)
        restored.setMode(.evaluation)
        var generator = SplitMix64(seed: 6)
        let x = Tensor.randomNormal(shape: [20, 2], using: &generator)
        #expect(Self.bits(try original.logProb(x)) == Self.bits(try restored.logProb(x)))
    }

    @Test func valuesAreConvertedToTheModelsDType() throws {
        let original = try Self.build(Self.smallLGF, seed: 8)
        let adam = Adam(parameters: original.parameters)
        try Self.train(original, with: adam, stepCount: 1, seed: 9)
        let bytes = try Checkpoint(model: original, optimizer: adam, metadata: [:]).encoded()

        let target = try Self.build(Self.smallLGF, seed: 10)
        target.convert(to: .float64)
        let targetAdam = Adam(parameters: target.parameters)
        try Checkpoint(decoding: bytes, source: "memory").restore(into: target, optimizer: targetAdam)
        #expect(target.namedState.allSatisfy { $0.tensor.value.dtype == .float64 })
        #expect(Self.stateBits(target) == Self.stateBits(original))
        #expect(targetAdam.firstMoments.allSatisfy { $0.dtype == .float64 })
        try Self.train(target, with: targetAdam, stepCount: 1, seed: 11)  // the restored state is usable
        #expect(targetAdam.stepCount == 2)
    }

    @Test func aSnapshotIsUnaffectedByLaterTraining() throws {
        let model = try Self.build(Self.smallLGF, seed: 12)
        let adam = Adam(parameters: model.parameters)
        let snapshot = try Checkpoint(model: model, optimizer: adam, metadata: ["epoch": "0"])
        let before = snapshot.encoded()
        try Self.train(model, with: adam, stepCount: 1, seed: 13)
        #expect(snapshot.encoded() == before)
        #expect(snapshot.optimizerState?.stepCount == 0)
    }

    @Test func theFileIsPlainSafetensorsWithNamedOptimizerState() throws {
        let model = try Self.build(Self.smallLGF, seed: 14)
        let adam = Adam(parameters: model.parameters, learningRate: 0.001)
        try Self.train(model, with: adam, stepCount: 2, seed: 15)
        let (tensors, metadata) = try SafeTensors.decode(Checkpoint(model: model, optimizer: adam, metadata: ["epoch": "2"]).encoded(), source: "memory")
        #expect(metadata.filter { !$0.key.hasPrefix("checksum.") } == ["epoch": "2", "optimizer.stepCount": "2", "optimizer.learningRate": "0.001"])
        #expect(metadata.keys.filter { $0.hasPrefix("checksum.") }.sorted() == ["checksum.crc32.data", "checksum.crc32.header"])
        let names = model.namedState.map(\.name)
        let parameterNames = model.namedState.filter { if case .parameter = $0.tensor { return true } else { return false } }.map(\.name)
        #expect(Set(tensors.keys) == Set(names + parameterNames.map { "optimizer.firstMoment." + $0 } + parameterNames.map { "optimizer.secondMoment." + $0 }))
    }

    // MARK: - Mismatches and bad files

    @Test func aDimensionMismatchNamesTheFileTheTensorAndBothShapes() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/checkpoint.safetensors"
        let saved = try Self.build(Self.smallLGF, seed: 16)
        try Checkpoint.save(model: saved, optimizer: nil, metadata: [:], to: path)

        var specification = Self.smallLGF
        specification.dimension = 3
        let target = try Self.build(specification, seed: 17)
        let before = Self.stateBits(target)
        let savedShapes = Dictionary(uniqueKeysWithValues: saved.namedState.map { ($0.name, $0.tensor.value.shape) })
        let first = try #require(target.namedState.first { savedShapes[$0.name] != $0.tensor.value.shape })
        let expected = CheckpointError.shapeMismatch(source: path, tensor: first.name, found: try #require(savedShapes[first.name]), expected: first.tensor.value.shape)
        #expect(throws: expected) { try Checkpoint.load(from: path).restore(into: target, optimizer: nil) }
        #expect(expected.description == "\(path): tensor \(first.name) has shape \(savedShapes[first.name]!), the model expects \(first.tensor.value.shape)")
        #expect(Self.stateBits(target) == before, "a failed restore must leave the model untouched")
    }

    @Test func missingAndUnexpectedTensorsAreListed() throws {
        var deeper = Self.smallLGF
        deeper.layerCount = 3
        let saved = try Checkpoint(decoding: Checkpoint(model: Self.build(Self.smallLGF, seed: 18), optimizer: nil, metadata: [:]).encoded(), source: "two-layers.safetensors")
        let target = try Self.build(deeper, seed: 19)
        let missing = target.namedState.map(\.name).filter { saved.modelState[$0] == nil }
        #expect(throws: CheckpointError.missingTensors(source: "two-layers.safetensors", tensors: missing)) { try saved.restore(into: target, optimizer: nil) }

        let bigger = try Checkpoint(decoding: Checkpoint(model: target, optimizer: nil, metadata: [:]).encoded(), source: "three-layers.safetensors")
        let smaller = try Self.build(Self.smallLGF, seed: 20)
        let unexpected = bigger.modelState.keys.filter { name in !smaller.namedState.contains { $0.name == name } }.sorted()
        #expect(throws: CheckpointError.unexpectedTensors(source: "three-layers.safetensors", tensors: unexpected)) { try bigger.restore(into: smaller, optimizer: nil) }
        #expect(CheckpointError.unexpectedTensors(source: "c", tensors: ["a", "b", "c", "d", "e"]).description == "c: the checkpoint holds tensors a, b, c and 2 more, which the model lacks")
    }

    @Test func optimizerStateMustBePresentAndBelongToTheModel() throws {
        let model = try Self.build(Self.smallLGF, seed: 21)
        let withoutOptimizer = try Checkpoint(decoding: Checkpoint(model: model, optimizer: nil, metadata: [:]).encoded(), source: "weights.safetensors")
        #expect(withoutOptimizer.optimizerState == nil)
        #expect(throws: CheckpointError.missingOptimizerState(source: "weights.safetensors")) {
            try withoutOptimizer.restore(into: model, optimizer: Adam(parameters: model.parameters))
        }
        let stranger = Parameter(name: "stranger", value: Tensor(zeros: [2]))
        #expect(throws: CheckpointError.optimizerParameterNotInModel(parameterIndex: 1, parameterName: "stranger")) {
            try Checkpoint(model: model, optimizer: Adam(parameters: [model.parameters[0], stranger]), metadata: [:])
        }
        #expect(throws: CheckpointError.reservedMetadataKey(key: "optimizer.note")) {
            try Checkpoint(model: model, optimizer: nil, metadata: ["optimizer.note": "x"])
        }
    }

    @Test func malformedOptimizerMetadataIsRejected() throws {
        let moment = Tensor(zeros: [2])
        let tensors: [(name: String, tensor: Tensor)] = [("w", moment), ("optimizer.firstMoment.w", moment), ("optimizer.secondMoment.w", moment)]
        let badStep = SafeTensors.encode(tensors: tensors, metadata: ["optimizer.stepCount": "two", "optimizer.learningRate": "0.001"])
        #expect(throws: CheckpointError.malformedOptimizerState(source: "c.safetensors", key: "optimizer.stepCount", value: "two", expected: "a non-negative integer")) {
            try Checkpoint(decoding: badStep, source: "c.safetensors")
        }
        let noRate = SafeTensors.encode(tensors: tensors, metadata: ["optimizer.stepCount": "2"])
        #expect(throws: CheckpointError.malformedOptimizerState(source: "c.safetensors", key: "optimizer.learningRate", value: nil, expected: "a positive finite number")) {
            try Checkpoint(decoding: noRate, source: "c.safetensors")
        }
        let unpaired = SafeTensors.encode(tensors: Array(tensors.prefix(2)), metadata: ["optimizer.stepCount": "2", "optimizer.learningRate": "0.001"])
        #expect(throws: CheckpointError.missingTensors(source: "c.safetensors", tensors: ["optimizer.secondMoment.w"])) {
            try Checkpoint(decoding: unpaired, source: "c.safetensors")
        }
    }

    @Test func missingUnreadableAndTruncatedFilesNameThePath() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = directory + "/missing.safetensors"
        #expect(throws: CheckpointError.fileNotFound(path: missing)) { try Checkpoint.load(from: missing) }
        #expect(CheckpointError.fileNotFound(path: missing).description == "\(missing): no such checkpoint file")
        #expect(throws: CheckpointError.unreadable(path: directory, reason: "it is a directory, expected a file")) { try Checkpoint.load(from: directory) }

        let path = directory + "/truncated.safetensors"
        let bytes = try Checkpoint(model: Self.build(Self.smallLGF, seed: 22), optimizer: nil, metadata: [:]).encoded()
        try RunFiles.write(Array(bytes.dropLast(4)), to: path)
        do throws(CheckpointError) {
            _ = try Checkpoint.load(from: path)
            Issue.record("a truncated checkpoint loaded")
        } catch {
            guard case .offsetsOutOfRange(let source, let tensor, _, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(source == path && !tensor.isEmpty)
            #expect(error.description.hasPrefix(path + ": tensor " + tensor))
        }
    }
}
