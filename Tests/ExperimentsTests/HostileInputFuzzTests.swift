import Foundation
import Testing
import Tensors
import Datasets
import Plots
@testable import Checkpoints
@testable import Configurations
@testable import Sweeps

/// Seeded fuzzers for the inputs a hostile user controls: YAML (configuration files and sweep specifications), PNG
/// images and safetensors checkpoints (issue 29: nesting 5,000 deep ended in signal 11, a PNG header in SIGILL). Every
/// mutant must end in the reader's typed error or in a value; a signal would end the test process, and every input is
/// small and read once, so the work is bounded by the case count (the time limit only reports a hang).
@Suite(.timeLimit(.minutes(1)))
struct HostileInputFuzzTests {
    static let caseCount = 300

    /// YAML built from structural tokens: brackets, entries, keys, quotes, comments, anchors, aliases, block scalars,
    /// with runs of one token up to thousands deep.
    static func yaml(using generator: inout SplitMix64) -> String {
        let tokens = ["[", "]", "{", "}", "- ", ": ", "\n", "  ", "'", "\"", " #", " |\n", " >\n", "&a ", "*a", "? ", ",", "layers",
                      "hidden", "learning-rate", "1", "0.5", "null", "~", "\t", "\\", "!!str ", "%YAML 1.2\n", "---\n", "..."]
        var text = ""
        for _ in 0..<Int.random(in: 1...40, using: &generator) {
            let token = tokens.randomElement(using: &generator)!
            let repeats = Bool.random(using: &generator) ? 1 : Int.random(in: 1...3_000, using: &generator)
            text += String(repeating: token, count: repeats)
        }
        return text
    }

    @Test func mutatedYAMLEndsInATypedErrorOrAValue() throws {
        var generator = SplitMix64(seed: 29)
        let folder = ExperimentFixtures.scratchFolder("yaml-fuzz")
        var refused = 0
        for index in 0..<Self.caseCount {
            let path = (folder as NSString).appendingPathComponent("case\(index).yaml")
            try Data(Self.yaml(using: &generator).utf8).write(to: URL(fileURLWithPath: path))
            do {
                _ = try ConfigurationOverrides.read(path: path)
            } catch let error as ExperimentError {
                refused += 1
                #expect(error.description.contains(path), "case \(index): \(error)")
            }
            do {
                _ = try SweepSpecification.read(path: path)
            } catch let error as SweepError {
                #expect(error.description.contains(path), "case \(index): \(error)")
            }
        }
        #expect(refused > Self.caseCount / 2)
    }

    /// A small valid PNG (the package's encoder) with chunks whose CRCs are recomputed after each mutation, so that
    /// mutants reach the header and image checks instead of stopping at the first checksum.
    @Test func mutatedPNGsEndInATypedErrorOrAnImage() throws {
        let image = try RGBAImage(width: 5, height: 3, pixels: (0..<60).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let valid = try PNGFile.encode(image)
        #expect(try PNGDecoder.decode(valid, path: "valid.png").imageShape == [4, 3, 5])
        var generator = SplitMix64(seed: 30)
        let limit = DecodingLimit(bytes: 32 << 20)
        var decoded = 0
        for index in 0..<Self.caseCount {
            var bytes = valid
            switch index % 4 {
            case 0:   // header fields: size, depth, colour type, interlace
                let field = Int.random(in: 16..<29, using: &generator)
                bytes[field] = UInt8.random(in: 0...255, using: &generator)
            case 1:   // any byte
                bytes[Int.random(in: 8..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            case 2:   // a chunk length
                let lengths = Self.chunkOffsets(of: valid)
                let at = lengths.randomElement(using: &generator)!
                bytes[at + Int.random(in: 0..<4, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            default:   // truncated
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            }
            if index % 4 != 2 { Self.fixCRCs(&bytes) }
            do {
                _ = try PNGDecoder.decode(bytes, path: "case\(index).png", limit: limit)
                decoded += 1
            } catch let error as DatasetError {
                #expect(error.description.contains("case\(index).png"), "\(error)")
            }
        }
        #expect(decoded < Self.caseCount / 2)
        // The campaign's header: 65536 × 65536 RGBA, refused by the limit before anything is allocated.
        var huge = valid
        for offset in [16, 20] { huge.replaceSubrange(offset..<offset + 4, with: [0, 1, 0, 0]) }
        Self.fixCRCs(&huge)
        #expect(throws: DatasetError.self) { try PNGDecoder.decode(huge, path: "huge.png", limit: .standard) }
    }

    /// The offsets of the chunks' length fields in a PNG (after the 8-byte signature).
    static func chunkOffsets(of bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = [], at = 8
        while at + 8 <= bytes.count {
            offsets.append(at)
            let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            at += 12 + length
        }
        return offsets
    }

    /// Recomputes every whole chunk's CRC (PNG specification §5.3: over the type and the data).
    static func fixCRCs(_ bytes: inout [UInt8]) {
        var at = 8
        while at + 12 <= bytes.count {
            let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            guard at + 12 + length <= bytes.count else { return }
            let crc = CRC32.checksum(bytes[(at + 4)..<(at + 8 + length)])
            for k in 0..<4 { bytes[at + 8 + length + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(k))) }
            at += 12 + length
        }
    }

    /// The reference writer's file with its header length, header text (digits made huge, keys and brackets changed)
    /// and data mutated.
    @Test func mutatedSafetensorsEndInATypedErrorOrTensors() {
        var generator = SplitMix64(seed: 31)
        let valid = SafeTensorsTests.pythonGolden
        let headerLength = Int(valid[0])
        var decoded = 0
        for index in 0..<Self.caseCount {
            var bytes = valid
            switch index % 5 {
            case 0:   // the 8-byte header length
                bytes[Int.random(in: 0..<8, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 1:   // a digit of a shape or an offset made a long run of nines
                let digits = (8..<8 + headerLength).filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(valid[$0]) }
                let at = digits.randomElement(using: &generator)!
                let run = [UInt8](repeating: UInt8(ascii: "9"), count: Int.random(in: 1...25, using: &generator))
                bytes.replaceSubrange(at...at, with: run)
                let length = headerLength + run.count - 1
                for k in 0..<8 { bytes[k] = UInt8(truncatingIfNeeded: length >> (8 * k)) }
            case 2:   // a structural character of the header
                let structural = (8..<8 + headerLength).filter { Array("{}[]:,\"".utf8).contains(valid[$0]) }
                bytes[structural.randomElement(using: &generator)!] = Array("{}[]:,\" x-".utf8).randomElement(using: &generator)!
            case 3:   // any byte
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            default:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            }
            do throws(CheckpointError) {
                _ = try SafeTensors.decode(bytes, source: "case\(index)")
                decoded += 1
            } catch {
                #expect(error.description.hasPrefix("case\(index)"), "\(error)")
            }
        }
        #expect(decoded < Self.caseCount / 2)
    }
}
