import Foundation
@testable import Datasets

/// A fresh folder under the system's temporary directory, deleted when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/DatasetsTests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `relativePath` (creating folders) and returns the full path.
    @discardableResult
    func write(_ text: String, to relativePath: String) throws -> String {
        try write(Data(text.utf8), to: relativePath)
    }

    /// Writes `data` to `relativePath` (creating folders) and returns the full path.
    @discardableResult
    func write(_ data: Data, to relativePath: String) throws -> String {
        let fullPath = path + "/" + relativePath
        let folder = (fullPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: fullPath))
        return fullPath
    }
}

/// The repository's test files, `Tests/Fixtures` beside this file's folder: small slices of public data, each with
/// its licence and attribution in `Tests/Fixtures/README.md`, and generated files with the scripts that made them.
enum Fixtures {
    static let directory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The full path of `relativePath` in the fixtures folder.
    static func path(_ relativePath: String) -> String { directory + "/" + relativePath }
}

/// Whether `a` and `b` agree to `tolerance`, relative to their size (absolute near zero).
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// Whether two arrays agree entry by entry to `tolerance`.
func isClose(_ a: some Collection<Double>, _ b: some Collection<Double>, tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, tolerance: tolerance) }
}

/// The error `body` throws, as a `DatasetError` (nil if it throws nothing or something else).
func datasetError(_ body: () throws -> Any) -> DatasetError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? DatasetError
    }
}
