import Foundation

extension SweepLedger {
    /// The keys whose values differ between a run's planned overrides and new ones, besides `epochs` and
    /// `patience` (which a sweep applies to started runs by extending them; see `extensionArguments(of:)`).
    /// A key given on one side only counts as changed.
    /// - Throws: `SweepError.bookkeeping` if the overrides cannot be encoded (not expected).
    static func changedKeys(from old: ConfigurationOverrides, to new: ConfigurationOverrides) throws -> [String] {
        let (before, after) = (try encoded(old), try encoded(new))
        return Set(before.keys).union(after.keys)
            .subtracting(["epochs", "patience"])
            .filter { before[$0] != after[$0] }
            .sorted()
    }

    /// Each key's value as canonical JSON text (sorted keys), so that values of any kind compare as text.
    private static func encoded(_ overrides: ConfigurationOverrides) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            let object = try JSONSerialization.jsonObject(with: encoder.encode(overrides)) as? [String: Any] ?? [:]
            return try object.mapValues { value in
                String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
            }
        } catch {
            throw SweepError.bookkeeping(path: "sweep.json", reason: "cannot compare run settings: \(error)")
        }
    }
}
