import Foundation
import Checkpoints
import FileSystem

extension ExperimentConfiguration {
    /// The configuration with every setting a started run may change when it is continued (`ResumeRule.mayChange` in
    /// `Hyperparameters.all`: the epochs and the patience, and any later entry marked so) set to a fixed reference
    /// value: what stays the same over a run's whole life.
    public var resumeInvariant: ExperimentConfiguration {
        var targets = hyperparameterTargets
        for entry in Hyperparameters.all where entry.onResume == .mayChange { entry.base.neutralize(&targets) }
        var invariant = self
        invariant.hyperparameterTargets = targets
        return invariant
    }

    /// A fingerprint of `resumeInvariant`: 16 hex digits of the 64-bit FNV-1a hash of its JSON with sorted keys.
    /// Two configurations of one run have the same fingerprint whatever `--resume` changed; any other difference
    /// (the data, the seed, a model or training setting) changes it. Readers compare fingerprints they compute
    /// themselves from both files, so a newer `lgf` reading an older run compares like with like.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Self.canonicalJSON(resumeInvariant) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The settings in which `other` differs from this configuration, leaving out those `--resume` may change: each
    /// setting's path in `configuration.json` (`training.seed`) with its value here and in `other`, at most `limit`.
    public func settingDifferences(from other: ExperimentConfiguration, limit: Int = 4) -> [(setting: String, here: String, there: String)] {
        guard let mine = try? JSONValue.parse(ArraySlice(Self.canonicalJSON(resumeInvariant))),
              let theirs = try? JSONValue.parse(ArraySlice(Self.canonicalJSON(other.resumeInvariant))) else { return [] }   // our own encoding always parses
        var differences: [(setting: String, here: String, there: String)] = []
        Self.collectDifferences(mine, theirs, path: "", into: &differences)
        return Array(differences.prefix(limit))
    }

    private static func canonicalJSON(_ configuration: ExperimentConfiguration) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(configuration)) ?? Data())   // every field is plainly encodable
    }

    private static func collectDifferences(_ mine: JSONValue, _ theirs: JSONValue, path: String,
                                           into differences: inout [(setting: String, here: String, there: String)]) {
        switch (mine, theirs) {
        case (.object(let left), .object(let right)):
            let keys = (left.map(\.key) + right.map(\.key).filter { key in !left.contains { $0.key == key } })
            for key in keys {
                let a = left.first { $0.key == key }?.value ?? .null, b = right.first { $0.key == key }?.value ?? .null
                collectDifferences(a, b, path: path.isEmpty ? key : path + "." + key, into: &differences)
            }
        default:
            let (a, b) = (shortText(mine), shortText(theirs))
            if a != b { differences.append((path, a, b)) }
        }
    }

    /// A value in a few characters: numbers and strings as written, containers in full when short.
    private static func shortText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .number(let text): return text
        case .bool(let flag): return "\(flag)"
        case .null: return "none"
        case .array(let elements): return "[" + elements.map(shortText).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { "\($0.key): \(shortText($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
