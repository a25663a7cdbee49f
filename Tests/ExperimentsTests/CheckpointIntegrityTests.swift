import Foundation
import Testing
import Tensors
import Networks
import Flows
@testable import Checkpoints

/// Checksums refuse damaged checkpoints (truncation, bit flips, edited bytes), and value checks refuse
/// consistent but impossible ones (NaN weights, broken masks, negative variances, out-of-range progress);
/// checkpoints without checksums still load, with a note.
struct CheckpointIntegrityTests {
    /// CRC-32 one bit at a time, as the polynomial defines it.
    static func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test func crc32MatchesTheStandardCheckValuesAndTheBitwiseDefinition() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum([UInt8]()) == 0)
        var generator = SplitMix64(seed: 3)
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(CRC32.checksum(bytes) == Self.referenceCRC32(bytes))
            #expect(CRC32.checksum(bytes.lazy.map { $0 }) == Self.referenceCRC32(bytes))  // the non-contiguous path
        }
        #expect(CRC32.hex(0xAB) == "000000ab")
    }

    /// The checkpoints of `PositionalCheckpoints/`, written by the hand-written slicing-by-8 CRC-32 this package had
    /// before it used zlib's: their stored checksums still match, bit for bit.
    @Test(arguments: ["maf", "realnvp", "lgf-maf", "lgf-realnvp"])
    func checkpointsWrittenBeforeZlibsCRCStillVerify(name: String) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PositionalCheckpoints/\(name)/checkpoints")
        for file in ["best.safetensors", "latest.safetensors"] {
            let path = folder.appendingPathComponent(file).path
            #expect(try Checkpoint.load(from: path).integrity == .verified, "\(path)")
        }
    }

    /// A trained small LGF-MAF with Adam state, as a checkpoint's bytes.
    static func trainedCheckpointBytes() throws -> [UInt8] {
        let model = try CheckpointTests.build(CheckpointTests.smallLGF, seed: 40)
        let adam = Adam(parameters: model.parameters, learningRate: 1e-3)
        try CheckpointTests.train(model, with: adam, stepCount: 2, seed: 41)
        return try Checkpoint(model: model, optimizer: adam, metadata: ["epoch": "2"]).encoded()
    }

    @Test func anIntactCheckpointIsVerified() throws {
        #expect(try Checkpoint(decoding: Self.trainedCheckpointBytes(), source: "c").integrity == .verified)
    }

    /// Seeded single-bit flips, half in the header and half in the data, and truncations at seeded lengths:
    /// every one is refused with a `CheckpointError` (never loaded, never a trap).
    @Test func everyBitFlipAndTruncationIsRefused() throws {
        let bytes = try Self.trainedCheckpointBytes()
        let headerEnd = 8 + Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        var generator = SplitMix64(seed: 42)
        var refused = 0, mismatches = 0
        let flipCount = 200
        for index in 0..<flipCount {
            let position = index % 2 == 0 ? Int.random(in: 0..<headerEnd, using: &generator) : Int.random(in: headerEnd..<bytes.count, using: &generator)
            var damaged = bytes
            damaged[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
            do {
                _ = try Checkpoint(decoding: damaged, source: "flipped")
                Issue.record("a flip of byte \(position) was not detected")
            } catch {
                refused += 1
                if case .checksumMismatch = error { mismatches += 1 }
            }
        }
        #expect(refused == flipCount)
        #expect(mismatches >= flipCount / 2, "most flips are caught by the checksums rather than by the format")
        for _ in 0..<100 {
            let length = Int.random(in: 0..<bytes.count, using: &generator)
            #expect(throws: CheckpointError.self) { try Checkpoint(decoding: Array(bytes.prefix(length)), source: "truncated") }
        }
    }

    @Test func aMismatchNamesTheFileAndThePart() throws {
        var bytes = try Self.trainedCheckpointBytes()
        bytes[bytes.count - 1] ^= 0x10
        do {
            _ = try Checkpoint(decoding: bytes, source: "runs/x/checkpoints/best.safetensors")
            Issue.record("expected a checksum mismatch")
        } catch {
            guard case .checksumMismatch(let source, let part, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(source == "runs/x/checkpoints/best.safetensors" && part == "tensor data")
            #expect(error.description.contains("damaged") && error.description.contains("CRC-32"))
        }
    }

    @Test func checkpointsWithoutChecksumsLoadUnverified() throws {
        let decoded = try Checkpoint(decoding: Self.trainedCheckpointBytes(), source: "c")
        let old = try SafeTensors.decode(Self.trainedCheckpointBytes(), source: "c")
        let withoutChecksums = SafeTensors.encode(tensors: old.tensors.map { (name: $0.key, tensor: $0.value) },
                                                  metadata: old.metadata.filter { !$0.key.hasPrefix("checksum.") })
        let loaded = try Checkpoint(decoding: withoutChecksums, source: "old")
        #expect(loaded.integrity == .unverified)
        #expect(loaded.metadata == decoded.metadata && loaded.modelState.mapValues(\.scalars) == decoded.modelState.mapValues(\.scalars))
        // One checksum without the other is malformed, not "old".
        let half = SafeTensors.encode(tensors: old.tensors.map { (name: $0.key, tensor: $0.value) },
                                      metadata: old.metadata.filter { $0.key != "checksum.crc32.header" })
        #expect(throws: CheckpointError.self) { try Checkpoint(decoding: half, source: "half") }
    }

    /// Re-sealed (consistent checksums) but impossible values are refused by `ModelStateCheck`.
    @Test(arguments: ["nan weight", "all-ones mask", "half mask", "negative variance", "negative second moment"])
    func impossibleValuesAreRefusedNamingTheTensor(edit: String) throws {
        let specification = edit == "negative variance" ? CheckpointTests.smallMAF : CheckpointTests.smallLGF
        let model = try CheckpointTests.build(specification, seed: 43)
        let adam = Adam(parameters: model.parameters, learningRate: 1e-3)
        try CheckpointTests.train(model, with: adam, stepCount: 1, seed: 44)
        let saved = try Checkpoint(model: model, optimizer: adam, metadata: [:])
        var state = saved.modelState
        var optimizerState = try #require(saved.optimizerState)
        let expectedTensor: String
        switch edit {
        case "nan weight":
            expectedTensor = try #require(state.keys.sorted().first { $0.hasSuffix("weight") })
            state[expectedTensor] = Tensor(repeating: .nan, shape: try #require(state[expectedTensor]).shape)
        case "all-ones mask", "half mask":
            let masks = state.keys.filter { $0.hasSuffix("mask") }.sorted()
            expectedTensor = try #require(edit == "all-ones mask" ? masks.first : masks.last)
            let shape = try #require(state[expectedTensor]).shape
            state[expectedTensor] = Tensor(repeating: edit == "all-ones mask" ? 1 : 0.5, shape: shape)
        case "negative variance":
            expectedTensor = try #require(state.keys.sorted().first { $0.hasSuffix("runningVariance") })
            state[expectedTensor] = Tensor(repeating: -1, shape: try #require(state[expectedTensor]).shape)
        default:
            let name = try #require(optimizerState.secondMoments.keys.sorted().first)
            expectedTensor = "optimizer.secondMoment." + name
            optimizerState.secondMoments[name] = Tensor(repeating: -1, shape: try #require(optimizerState.secondMoments[name]).shape)
        }
        let edited = Checkpoint(source: "edited", modelState: state, optimizerState: optimizerState, metadata: [:]).encoded()
        let reloaded = try Checkpoint(decoding: edited, source: "edited.safetensors")
        #expect(reloaded.integrity == .verified)
        let target = try CheckpointTests.build(specification, seed: 45)
        let targetAdam = Adam(parameters: target.parameters, learningRate: 1e-3)
        try reloaded.restore(into: target, optimizer: targetAdam)
        do {
            try ModelStateCheck.validate(target, optimizer: targetAdam, source: "edited.safetensors")
            Issue.record("\(edit) was accepted")
        } catch {
            guard case .invalidValue(let source, let tensor, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(source == "edited.safetensors" && tensor == expectedTensor)
        }
    }

    @Test func aFreshModelPassesTheValueChecks() throws {
        for specification in [CheckpointTests.smallLGF, CheckpointTests.smallMAF] {
            let model = try CheckpointTests.build(specification, seed: 46)
            try ModelStateCheck.validate(model, optimizer: Adam(parameters: model.parameters), source: "fresh")
        }
    }
}
