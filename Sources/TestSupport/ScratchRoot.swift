import Foundation

/// One folder per test process under the system's temporary directory, holding every scratch folder the tests make,
/// and removed when the process exits (tests used to leave a run folder behind for each scratch folder they made).
public enum ScratchRoot {
    public static let path: String = {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("lgf-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)   // failure shows as the first test's write error
        atexit { try? FileManager.default.removeItem(atPath: ScratchRoot.path) }   // at exit nothing is left to report to
        return path
    }()

    /// A fresh empty folder inside the root.
    public static func folder(_ name: String) -> String {
        let folder = (path as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)   // failure shows as the test's own write error
        return folder
    }
}
