import FileSystem
import Foundation
import Networks
import Yams
import Datasets
import Flows
import Tensors
import Configurations

extension SweepSpecification {
    /// Reads a sweep specification from YAML (`.yaml`, `.yml`) or JSON (`.json`).
    ///
    /// Keys: `name`, `datasets` (names of the catalogue, or mappings `{name, data-dir}` or
    /// `{name, train, validation, test, reference}`), `models` (names, or mappings `{model, settings, grid,
    /// choices}`), `seeds` (a list, or a count n for 0…n−1), `settings` (hyperparameters for every run),
    /// `grid` (hyperparameter → list of values, crossed), `choices` (a list of alternative settings) and
    /// `threads`, `matrix-kernel`, `layer-fusion` and `convolution-algorithm` (of every training process). File paths
    /// may use `$VARIABLE`; relative ones are taken from the working directory and stored absolute.
    /// - Throws: `SweepError` naming the file and the key that is wrong.
    public static func read(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SweepSpecification {
        let data: Data
        do throws(FileSystemError) {
            data = try FileContents.read(path)
        } catch {
            throw SweepError.unreadableSpecification(path: path, reason: error.reason)
        }
        let isJSON = path.lowercased().hasSuffix(".json")
        // Bounded before parsing, as configuration files are: deep nesting would exhaust a parser's stack.
        try checkShape(data, isJSON: isJSON, path: path)
        let object: Any?
        do {
            object = isJSON ? try JSONSerialization.jsonObject(with: data) : try Yams.load(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw SweepError.unreadableSpecification(path: path, reason: "not valid \(isJSON ? "JSON" : "YAML"): \(error)")
        }
        guard let top = object as? [String: Any] else {
            throw SweepError.unreadableSpecification(path: path, reason: "expected a mapping of keys (datasets, models, seeds, …) at the top level")
        }
        var reader = SpecificationReader(path: path, environment: environment)
        return try reader.specification(from: top, defaultName: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }
}

extension SweepSpecification {
    /// A specification holds a few dozen values; this leaves room for long grids.
    static let maximumByteCount = 1 << 20

    /// Refuses a specification too large or nested too deep to parse safely (`YAMLShape`, `JSONValue.parse`).
    static func checkShape(_ data: Data, isJSON: Bool, path: String) throws(SweepError) {
        if isJSON {
            guard data.count <= maximumByteCount else {
                throw .unreadableSpecification(path: path, reason: "\(data.count) bytes is more than the \(maximumByteCount) a specification may hold")
            }
            do throws(JSONSyntaxError) {
                _ = try JSONValue.parse(ArraySlice(data))
            } catch {
                throw .unreadableSpecification(path: path, reason: "not valid JSON: \(error.reason) at byte \(error.offset + 1)")
            }
        } else {
            do throws(YAMLShape.Violation) {
                try YAMLShape.check(Array(data), maximumByteCount: maximumByteCount)
            } catch {
                throw .unreadableSpecification(path: path, reason: "line \(error.line): \(error.reason)")
            }
        }
    }
}

/// Turns the parsed YAML/JSON tree into a `SweepSpecification`, naming the key of every error.
struct SpecificationReader {
    let path: String
    let environment: [String: String]

    static let topKeys = ["name", "datasets", "models", "seeds", "settings", "grid", "choices", "threads", "matrix-kernel", "layer-fusion",
                          "convolution-algorithm"]
    static let modelKeys = ["model", "settings", "grid", "choices"]
    static let dataKeys = ["name", "data-dir", "train", "validation", "test", "reference", "context-columns", "categorical-context"]

    mutating func specification(from top: [String: Any], defaultName: String) throws -> SweepSpecification {
        try checkKeys(top, allowed: Self.topKeys, context: "top level")
        let name = try (top["name"]).map { try string($0, key: "name") } ?? defaultName
        guard let datasetList = top["datasets"] as? [Any], !datasetList.isEmpty else {
            throw invalid("datasets", "expected a non-empty list of dataset names or mappings")
        }
        guard let modelList = top["models"] as? [Any], !modelList.isEmpty else {
            throw invalid("models", "expected a non-empty list of model names (\(ModelName.allCases.map(\.rawValue).joined(separator: ", "))) or mappings")
        }
        let threads = try top["threads"].map { try positiveInteger($0, key: "threads") } ?? 1
        let specification = SweepSpecification(
            name: name,
            datasets: try datasetList.enumerated().map { try dataEntry($1, key: "datasets[\($0)]") },
            models: try modelList.enumerated().map { try modelEntry($1, key: "models[\($0)]") },
            seeds: try seeds(top["seeds"]),
            settings: try values(top["settings"], key: "settings"),
            grid: try grid(axes: top["grid"], choices: top["choices"], key: ""),
            threads: threads,
            matrixKernel: try choice(top, key: "matrix-kernel"),
            layerFusion: try choice(top, key: "layer-fusion"),
            convolutionAlgorithm: try choice(top, key: "convolution-algorithm"))
        let runCount = specification.runCount
        guard runCount <= Double(SweepSpecification.maximumRuns) else {
            throw invalid("datasets", "the specification lists \(runCount < 1e15 ? String(Int(runCount)) : String(format: "%.2e", runCount)) runs "
                          + "(datasets × models × grid points × seeds), more than the \(SweepSpecification.maximumRuns) a sweep may hold; "
                          + "split it into smaller sweeps")
        }
        _ = try specification.runs(path: path)   // decodes every value once, so that errors appear before any run starts
        return specification
    }

    private func dataEntry(_ value: Any, key: String) throws -> SweepSpecification.DataEntry {
        if let name = value as? String { return try catalogueEntry(name: name, directory: nil, reference: nil, key: key) }
        guard let mapping = value as? [String: Any] else { throw invalid(key, "expected a dataset name or a mapping with name, train, validation, test") }
        try checkKeys(mapping, allowed: Self.dataKeys, context: key)
        let reference = try mapping["reference"].map { try string($0, key: "\(key).reference") }
        if let train = mapping["train"] {
            if mapping["data-dir"] != nil { throw invalid("\(key).data-dir", "data-dir is for catalogue datasets, not with train") }
            let trainPath = try file(train, key: "\(key).train")
            let source = DataSource.files(train: trainPath, validation: try mapping["validation"].map { try file($0, key: "\(key).validation") },
                                          test: try mapping["test"].map { try file($0, key: "\(key).test") })
            let label = try mapping["name"].map { try string($0, key: "\(key).name") } ?? source.name
            return .init(label: label, source: source, reference: reference,
                         contextColumns: try mapping["context-columns"].map { try columns($0, key: "\(key).context-columns") },
                         categoricalContext: try mapping["categorical-context"].map { try columns($0, key: "\(key).categorical-context") })
        }
        for contextKey in ["context-columns", "categorical-context"] where mapping[contextKey] != nil {
            throw invalid("\(key).\(contextKey)", "context columns are for files (train: FILE), not catalogue datasets")
        }
        guard let name = mapping["name"] else { throw invalid(key, "expected name (a catalogue dataset) or train (a file)") }
        if mapping["validation"] != nil || mapping["test"] != nil { throw invalid(key, "validation and test files need train") }
        let directory = try mapping["data-dir"].map { try file($0, key: "\(key).data-dir") }
        return try catalogueEntry(name: try string(name, key: "\(key).name"), directory: directory, reference: reference, key: key)
    }

    /// Columns of a file by name or 1-based number: a list, or one comma-separated string as on the command line.
    private func columns(_ value: Any, key: String) throws -> [String] {
        let items: [Any] = (value as? [Any]) ?? ((value as? String).map { $0.split(separator: ",").map(String.init) } ?? [value])
        let names = try items.map { item -> String in
            if let number = item as? Int { return String(number) }
            guard let name = item as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw invalid(key, "expected column names or numbers, got \(item)")
            }
            return name
        }
        guard !names.isEmpty else { throw invalid(key, "expected at least one column") }
        return names
    }

    private func catalogueEntry(name: String, directory: String?, reference: String?, key: String) throws -> SweepSpecification.DataEntry {
        guard DatasetCatalog.allNames.contains(name) || ImageDatasetName(rawValue: name) != nil else {
            throw invalid(key, "unknown dataset \"\(name)\"; expected one of: \(DatasetCatalog.allNames.joined(separator: ", ")), or a mapping with train: FILE")
        }
        return .init(label: name, source: .catalogue(name: name, dataDirectory: directory), reference: reference ?? name)
    }

    private func modelEntry(_ value: Any, key: String) throws -> SweepSpecification.ModelEntry {
        func kind(_ name: Any, key: String) throws -> ModelName {
            guard let text = name as? String, let kind = ModelName(rawValue: text) else {
                throw invalid(key, "unknown model \(name); expected one of: \(ModelName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
        if value is String { return .init(kind: try kind(value, key: key), settings: [:], grid: SweepGrid()) }
        guard let mapping = value as? [String: Any], let name = mapping["model"] else {
            throw invalid(key, "expected a model name or a mapping with model, settings, grid, choices")
        }
        try checkKeys(mapping, allowed: Self.modelKeys, context: key)
        return .init(kind: try kind(name, key: "\(key).model"), settings: try values(mapping["settings"], key: "\(key).settings"),
                     grid: try grid(axes: mapping["grid"], choices: mapping["choices"], key: "\(key)."))
    }

    private func seeds(_ value: Any?) throws -> [UInt64] {
        guard let value else { return [0] }
        if let count = value as? Int {
            guard count >= 1, count <= SweepSpecification.maximumRuns else {
                throw invalid("seeds", "expected a positive count of at most \(SweepSpecification.maximumRuns) or a list of seeds, got \(count)")
            }
            return (0..<count).map(UInt64.init)
        }
        guard let list = value as? [Any], !list.isEmpty else { throw invalid("seeds", "expected a positive count or a non-empty list of seeds") }
        let seeds = try list.map { item -> UInt64 in
            guard let seed = item as? Int, seed >= 0 else { throw invalid("seeds", "expected non-negative integers, got \(item)") }
            return UInt64(seed)
        }
        guard Set(seeds).count == seeds.count else { throw invalid("seeds", "a seed is listed twice") }
        return seeds
    }

    private func values(_ value: Any?, key: String) throws -> [String: SweepValue] {
        guard let value else { return [:] }
        guard let mapping = value as? [String: Any] else { throw invalid(key, "expected a mapping of hyperparameters to values") }
        var result: [String: SweepValue] = [:]
        for (name, item) in mapping {
            if name == "seed" { throw invalid("\(key).seed", "seeds are given by the top-level key seeds") }
            result[name] = try SweepValue(parsed: item, path: path, key: "\(key).\(name)")
        }
        _ = try ConfigurationOverrides.decoding(result, path: path, context: key)
        return result
    }

    private func grid(axes: Any?, choices: Any?, key: String) throws -> SweepGrid {
        var grid = SweepGrid()
        if let axes {
            guard let mapping = axes as? [String: Any] else { throw invalid("\(key)grid", "expected a mapping of hyperparameters to lists of values") }
            for (name, list) in mapping {
                guard let items = list as? [Any], !items.isEmpty else { throw invalid("\(key)grid.\(name)", "expected a non-empty list of values") }
                grid.axes[name] = try items.map { try SweepValue(parsed: $0, path: path, key: "\(key)grid.\(name)") }
                if name == "seed" { throw invalid("\(key)grid.seed", "seeds are given by the top-level key seeds") }
                for value in grid.axes[name] ?? [] { _ = try ConfigurationOverrides.decoding([name: value], path: path, context: "\(key)grid") }
            }
        }
        if let choices {
            guard let list = choices as? [Any], !list.isEmpty else { throw invalid("\(key)choices", "expected a non-empty list of mappings") }
            grid.choices = try list.enumerated().map { try values($1, key: "\(key)choices[\($0)]") }
        }
        return grid
    }

    private func checkKeys(_ mapping: [String: Any], allowed: [String], context: String) throws {
        for name in mapping.keys.sorted() where !allowed.contains(name) {
            throw invalid(context == "top level" ? name : "\(context).\(name)", "unknown key; expected one of: \(allowed.joined(separator: ", "))")
        }
    }

    private func string(_ value: Any, key: String) throws -> String {
        guard let text = value as? String, !text.isEmpty else { throw invalid(key, "expected a non-empty string, got \(value)") }
        return text
    }

    /// The named choice at `key` (`matrix-kernel: own`), or nil when the mapping does not set it. YAML 1.1 reads an
    /// unquoted `off` or `on` as a boolean, so a boolean stands for that word (`layer-fusion: off`).
    private func choice<Choice: RawRepresentable & CaseIterable>(_ mapping: [String: Any], key: String) throws -> Choice? where Choice.RawValue == String {
        guard let value = mapping[key] else { return nil }
        let word = (value as? Bool).map { $0 ? "on" : "off" } ?? value as? String
        guard let name = word, let choice = Choice(rawValue: name) else {
            throw invalid(key, "expected one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), got \(value)")
        }
        return choice
    }

    private func positiveInteger(_ value: Any, key: String) throws -> Int {
        guard let number = value as? Int, number >= 1 else { throw invalid(key, "expected a positive integer, got \(value)") }
        return number
    }

    /// A path with `$VARIABLE` / `${VARIABLE}` expanded from the environment, made absolute. A variable that is not
    /// set (or set to nothing) is an error naming the key: no folder outside the specification is assumed.
    private func file(_ value: Any, key: String) throws -> String {
        var text = try string(value, key: key)
        let variables = environment.filter { !$0.value.isEmpty }
        for (name, replacement) in variables.sorted(by: { $0.key.count > $1.key.count }) {
            text = text.replacingOccurrences(of: "${\(name)}", with: replacement).replacingOccurrences(of: "$\(name)", with: replacement)
        }
        if text.contains("$") { throw invalid(key, "\(text): an environment variable in the path is not set") }
        let url = URL(fileURLWithPath: text)
        return url.standardizedFileURL.path
    }

    private func invalid(_ key: String, _ reason: String) -> SweepError {
        .invalidSpecification(path: path, key: key, reason: reason)
    }
}
