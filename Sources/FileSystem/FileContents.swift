import Foundation

/// Reads whole files, telling a missing file from an unreadable one and, for files of JSON, from a damaged one: the
/// one reader of the package's files, so that no read turns a failure into "nothing there".
package enum FileContents {
    /// The bytes of the file at `path`, memory-mapped where the platform allows (large data files are paged in
    /// as the parsers reach them instead of copied up front).
    /// - Throws: `FileSystemError.notFound` when nothing is at `path`, `.unreadable` for a directory or an I/O
    ///   failure, with the system's reason.
    package static func read(_ path: String) throws(FileSystemError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory, expected a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: reason(of: error))
        }
    }

    /// The bytes of the file at `path`, or `nil` when nothing is there (a file that is optional, such as a run's
    /// summary before training has ended).
    /// - Throws: `FileSystemError.unreadable` when something is there but cannot be read.
    package static func readIfPresent(_ path: String) throws(FileSystemError) -> Data? {
        do throws(FileSystemError) {
            return try read(path)
        } catch .notFound {
            return nil
        }
    }

    /// The contents of the file at `path` as bytes (`read`, copied out of the mapping).
    package static func bytes(_ path: String) throws(FileSystemError) -> [UInt8] {
        [UInt8](try read(path))
    }

    /// The value of type `T` that the JSON file at `path` holds, or `nil` when nothing is there.
    /// - Throws: `FileSystemError.unreadable`, or `.damaged` saying where the text stops being a `T`.
    package static func decodeJSONIfPresent<T: Decodable>(_ type: T.Type, from path: String) throws(FileSystemError) -> T? {
        try readIfPresent(path).map { data throws(FileSystemError) in try decode(type, from: data, path: path) }
    }

    /// `decodeJSONIfPresent` with its failure turned into the caller's own error (whose message and exit code users
    /// see) by `failure`.
    package static func decodeJSONIfPresent<T: Decodable>(_ type: T.Type, from path: String,
                                                          failure: (FileSystemError) -> any Error) throws -> T? {
        do throws(FileSystemError) { return try decodeJSONIfPresent(type, from: path) } catch { throw failure(error) }
    }

    /// Decodes after a strict parse (`JSONValue.parse`), so that a repeated key, which `JSONDecoder` would resolve by
    /// keeping one of the two values silently, and nesting past `JSONParser.maximumDepth` are refused.
    /// A number that does not fit its field's type is named by `JSONNumberFit` (JSONDecoder says only "not valid JSON").
    private static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws(FileSystemError) -> T {
        let document: JSONValue
        do throws(JSONSyntaxError) {
            document = try JSONValue.parse(ArraySlice(data))
        } catch {
            throw .damaged(path: path, reason: "not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let misfit = JSONNumberFit.misfit(type, in: document) {
                throw .damaged(path: path, reason: misfit)
            }
            throw .damaged(path: path, reason: error.summary)
        } catch {
            throw .damaged(path: path, reason: "\(error)")
        }
    }

    /// The system's reason inside a Foundation error (e.g. "No space left on device"), rather than a Cocoa domain
    /// and code.
    package static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
