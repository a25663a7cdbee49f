import Testing
import Tensors
@testable import Checkpoints
import FileSystem

/// The safetensors layout against bytes written by the reference implementation, round trips, and every
/// malformed-input check of `SafeTensors.decode`.
struct SafeTensorsTests {
    /// Written by Hugging Face `safetensors` 0.8.0 (Python 3.11, NumPy 2.4):
    /// ```python
    /// from safetensors.numpy import save
    /// save({"weight": np.array([[1.0, -2.0, 0.5], [0.25, 3.0, -0.125]], dtype=np.float32),
    ///       "bias": np.array([0.5, -1.5], dtype=np.float32),
    ///       "scale": np.array(2.5, dtype=np.float64)}, metadata={"epoch": "3"})
    /// ```
    /// Header (208 bytes, 3 of them padding spaces): {"__metadata__":{"epoch":"3"},"scale":{"dtype":"F64",
    /// "shape":[],"data_offsets":[0,8]},"bias":{…,"data_offsets":[8,16]},"weight":{…,"data_offsets":[16,40]}}
    static let pythonGolden: [UInt8] = [
        0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7b, 0x22, 0x5f, 0x5f, 0x6d, 0x65, 0x74, 0x61,
        0x64, 0x61, 0x74, 0x61, 0x5f, 0x5f, 0x22, 0x3a, 0x7b, 0x22, 0x65, 0x70, 0x6f, 0x63, 0x68, 0x22,
        0x3a, 0x22, 0x33, 0x22, 0x7d, 0x2c, 0x22, 0x73, 0x63, 0x61, 0x6c, 0x65, 0x22, 0x3a, 0x7b, 0x22,
        0x64, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0x46, 0x36, 0x34, 0x22, 0x2c, 0x22, 0x73, 0x68,
        0x61, 0x70, 0x65, 0x22, 0x3a, 0x5b, 0x5d, 0x2c, 0x22, 0x64, 0x61, 0x74, 0x61, 0x5f, 0x6f, 0x66,
        0x66, 0x73, 0x65, 0x74, 0x73, 0x22, 0x3a, 0x5b, 0x30, 0x2c, 0x38, 0x5d, 0x7d, 0x2c, 0x22, 0x62,
        0x69, 0x61, 0x73, 0x22, 0x3a, 0x7b, 0x22, 0x64, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0x46,
        0x33, 0x32, 0x22, 0x2c, 0x22, 0x73, 0x68, 0x61, 0x70, 0x65, 0x22, 0x3a, 0x5b, 0x32, 0x5d, 0x2c,
        0x22, 0x64, 0x61, 0x74, 0x61, 0x5f, 0x6f, 0x66, 0x66, 0x73, 0x65, 0x74, 0x73, 0x22, 0x3a, 0x5b,
        0x38, 0x2c, 0x31, 0x36, 0x5d, 0x7d, 0x2c, 0x22, 0x77, 0x65, 0x69, 0x67, 0x68, 0x74, 0x22, 0x3a,
        0x7b, 0x22, 0x64, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0x46, 0x33, 0x32, 0x22, 0x2c, 0x22,
        0x73, 0x68, 0x61, 0x70, 0x65, 0x22, 0x3a, 0x5b, 0x32, 0x2c, 0x33, 0x5d, 0x2c, 0x22, 0x64, 0x61,
        0x74, 0x61, 0x5f, 0x6f, 0x66, 0x66, 0x73, 0x65, 0x74, 0x73, 0x22, 0x3a, 0x5b, 0x31, 0x36, 0x2c,
        0x34, 0x30, 0x5d, 0x7d, 0x7d, 0x20, 0x20, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x40,
        0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xc0, 0xbf, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0,
        0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x80, 0x3e, 0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x00, 0xbe,
    ]

    /// Built afresh for each use: tensors are not `Sendable` (their storage is shared by reference).
    static var goldenTensors: [(name: String, tensor: Tensor)] {
        [
            ("weight", Tensor(shape: [2, 3], scalars: [1, -2, 0.5, 0.25, 3, -0.125])),
            ("bias", Tensor(shape: [2], scalars: [0.5, -1.5])),
            ("scale", Tensor(scalar: 2.5, dtype: .float64)),
        ]
    }

    @Test func encodingMatchesTheReferenceWriterByteForByte() {
        #expect(SafeTensors.encode(tensors: Self.goldenTensors, metadata: ["epoch": "3"]) == Self.pythonGolden)
    }

    @Test func decodingReadsTheReferenceWritersFile() throws {
        let (tensors, metadata) = try SafeTensors.decode(Self.pythonGolden, source: "golden.safetensors")
        #expect(metadata == ["epoch": "3"])
        #expect(Set(tensors.keys) == ["weight", "bias", "scale"])
        for (name, expected) in Self.goldenTensors {
            let tensor = try #require(tensors[name])
            #expect(tensor.shape == expected.shape && tensor.dtype == expected.dtype && tensor.doubles == expected.doubles, "\(name)")
        }
    }

    @Test func roundTripKeepsShapesDTypesBitsAndMetadata() throws {
        let tensors: [(name: String, tensor: Tensor)] = [
            ("z.scalar", Tensor(scalar: -0.0)),
            ("a.empty", Tensor(zeros: [0, 3])),
            ("rank4", Tensor(shape: [1, 2, 1, 2], scalars: [Float.leastNonzeroMagnitude, .greatestFiniteMagnitude, .pi, -1])),
            ("ünïcode \"name\"", Tensor(shape: [3], doubles: [1e-300, .ulpOfOne, -7])),
        ]
        let metadata = ["config": "{\"a\": [1, 2]}\n\ttabs \u{01} and é", "": "empty key"]
        let bytes = SafeTensors.encode(tensors: tensors, metadata: metadata)
        #expect(Int(bytes[0]) % SafeTensors.headerAlignment == 0)
        let decoded = try SafeTensors.decode(bytes, source: "memory")
        #expect(decoded.metadata == metadata)
        #expect(decoded.tensors.count == tensors.count)
        for (name, tensor) in tensors {
            let read = try #require(decoded.tensors[name])
            #expect(read.shape == tensor.shape && read.dtype == tensor.dtype)
            #expect(read.doubles.map(\.bitPattern) == tensor.doubles.map(\.bitPattern), "\(name)")
        }
    }

    @Test func emptyMetadataIsOmittedAndEmptyFilesRoundTrip() throws {
        let bytes = SafeTensors.encode(tensors: [], metadata: [:])
        #expect(bytes == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        let decoded = try SafeTensors.decode(bytes, source: "memory")
        #expect(decoded.tensors.isEmpty && decoded.metadata.isEmpty)
    }

    // MARK: - Malformed input

    /// A file with the given header text (unpadded) and data bytes.
    static func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) } + headerBytes + data
    }

    static let source = "bad.safetensors"

    static func entry(_ name: String, dtype: String = "F32", shape: [Int], offsets: [Int]) -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }

    static let malformedCases: [(bytes: [UInt8], expected: CheckpointError)] = [
        ([1, 2, 3], .truncatedHeaderLength(source: source, byteCount: 3)),
        ([100, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8), .headerLengthBeyondFile(source: source, headerLength: 100, fileLength: 10)),
        ([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], .headerLengthBeyondFile(source: source, headerLength: .max, fileLength: 8)),
        (file(header: "[]"), .malformedHeader(source: source, reason: "expected a JSON object, found an array")),
        (file(header: "{\"w\":{\"dtype\":\"F32\"}} x"), .malformedHeader(source: source, reason: "unexpected 'x' after the top-level value at byte 22 of the header")),
        (file(header: "{\"w\":"), .malformedHeader(source: source, reason: "expected a value, found the end of the header at byte 5 of the header")),
        (file(header: "{\"a\":1,\"a\":2}"), .malformedHeader(source: source, reason: "duplicate key \"a\" at byte 7 of the header")),
        ([2, 0, 0, 0, 0, 0, 0, 0, 0xc3, 0x28], .malformedHeader(source: source, reason: "the header is not valid UTF-8")),
        (file(header: "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
         .malformedTensorEntry(source: source, tensor: "w", reason: "missing \"dtype\"")),
        (file(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
         .malformedTensorEntry(source: source, tensor: "w", reason: "expected \"shape\" to hold non-negative integers, found the number 1.5")),
        (file(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", data: [0, 0, 0, 0]),
         .malformedTensorEntry(source: source, tensor: "w", reason: "expected \"data_offsets\" to hold [begin, end], found 1 numbers")),
        (file(header: "{\"w\":[]}"), .malformedTensorEntry(source: source, tensor: "w", reason: "expected an object with dtype, shape and data_offsets, found an array")),
        (file(header: "{\"__metadata__\":{\"epoch\":3}}"), .malformedMetadata(source: source, key: "epoch", reason: "expected a string, found the number 3")),
        (file(header: "{" + entry("counts", dtype: "I64", shape: [1], offsets: [0, 8]) + "}", data: Array(repeating: 0, count: 8)),
         .unsupportedDType(source: source, tensor: "counts", dtype: "I64")),
        (file(header: "{" + entry("half", dtype: "F16", shape: [2], offsets: [0, 4]) + "}", data: Array(repeating: 0, count: 4)),
         .unsupportedDType(source: source, tensor: "half", dtype: "F16")),
        (file(header: "{" + entry("w", shape: [1, 1, 1, 1, 1], offsets: [0, 4]) + "}", data: Array(repeating: 0, count: 4)),
         .unsupportedRank(source: source, tensor: "w", shape: [1, 1, 1, 1, 1])),
        (file(header: "{" + entry("w", shape: [2], offsets: [0, 8]) + "}", data: Array(repeating: 0, count: 4)),
         .offsetsOutOfRange(source: source, tensor: "w", begin: 0, end: 8, dataByteCount: 4)),
        (file(header: "{" + entry("w", shape: [0], offsets: [4, 0]) + "}", data: Array(repeating: 0, count: 4)),
         .offsetsOutOfRange(source: source, tensor: "w", begin: 4, end: 0, dataByteCount: 4)),
        (file(header: "{" + entry("w", shape: [2, 2], offsets: [0, 12]) + "}", data: Array(repeating: 0, count: 12)),
         .sizeMismatch(source: source, tensor: "w", shape: [2, 2], dtype: "F32", expectedByteCount: 16, byteCount: 12)),
        (file(header: "{" + entry("a", shape: [2], offsets: [0, 8]) + "," + entry("b", shape: [2], offsets: [4, 12]) + "}", data: Array(repeating: 0, count: 12)),
         .overlappingTensors(source: source, tensor: "b", other: "a")),
        (file(header: "{" + entry("a", shape: [1], offsets: [0, 4]) + "," + entry("b", shape: [1], offsets: [8, 12]) + "}", data: Array(repeating: 0, count: 12)),
         .gapBeforeTensor(source: source, tensor: "b", expectedBegin: 4, begin: 8)),
        (file(header: "{" + entry("a", shape: [1], offsets: [0, 4]) + "}", data: Array(repeating: 0, count: 6)),
         .trailingBytes(source: source, dataEnd: 4, dataByteCount: 6)),
    ]

    /// One malformed file, named in the test log by its error's case and size rather than by its bytes.
    struct MalformedFile: CustomTestStringConvertible, Sendable {
        let bytes: [UInt8]
        let expected: CheckpointError
        var testDescription: String { "\(Mirror(reflecting: expected).children.first?.label ?? "error"), \(bytes.count) bytes" }
    }

    @Test(arguments: malformedCases.map { MalformedFile(bytes: $0.bytes, expected: $0.expected) })
    func malformedInputThrowsATypedErrorNamingFileAndTensor(file: MalformedFile) {
        #expect(throws: file.expected) { try SafeTensors.decode(file.bytes, source: Self.source) }
        #expect(file.expected.description.hasPrefix(Self.source + ":"))
    }

    @Test func errorDescriptionsSayWhatWasExpectedAndWhatArrived() {
        #expect(CheckpointError.unsupportedDType(source: "a.safetensors", tensor: "w", dtype: "BF16").description
                == "a.safetensors: tensor w has dtype BF16, expected F32 or F64")
        #expect(CheckpointError.sizeMismatch(source: "a.safetensors", tensor: "w", shape: [2, 2], dtype: "F32", expectedByteCount: 16, byteCount: 12).description
                == "a.safetensors: tensor w of shape [2, 2] and dtype F32 needs 16 bytes, its data_offsets span 12")
        #expect(CheckpointError.overlappingTensors(source: "a.safetensors", tensor: "b", other: "a").description == "a.safetensors: tensor b overlaps tensor a")
    }

    @Test func jsonParserHandlesEscapesAndRejectsWhatJSONForbids() throws {
        let text = #"{"k\u00e9\ud83d\ude00\n\"\/": ["x", -1.5e3, true, null, {}]}"#
        guard case .object(let members) = try JSONValue.parse(ArraySlice(text.utf8)) else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["ké😀\n\"/"])
        for bad in ["{\"a\":01}", "{\"a\":\"\u{01}\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\q\"}", "{\"a\":tru}", "{\"a\":1,}", "\"open",
                    String(repeating: "[", count: JSONParser.maximumDepth + 1)] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONValue.parse(ArraySlice(bad.utf8)) }
        }
    }
}
