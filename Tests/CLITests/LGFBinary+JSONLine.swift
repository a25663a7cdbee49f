import Foundation
import Testing

extension LGFBinary {
    /// Runs the `lgf` binary beside the test runner with `arguments` in a child process (for choices that are
    /// process-wide, which would leak into other tests in this one): its exit status, the object on the last line of
    /// its output (stdout and stderr together) when that line is JSON, and the whole output.
    static func runForJSONLine(_ arguments: [String]) throws -> (status: Int32, object: [String: Any]?, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        return (process.terminationStatus, object, output)
    }
}
