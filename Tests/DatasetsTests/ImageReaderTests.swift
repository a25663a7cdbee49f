import Foundation
import Testing
@testable import Datasets

/// The image readers on real MNIST and Fashion-MNIST files, on files in the CIFAR-10 format, and on broken ones.
///
/// Golden values were computed independently with NumPy (`gzip.open` + `np.frombuffer(..., offset=16)` for
/// IDX, `np.fromfile(...).reshape(-1, 3073)` for the CIFAR-10 format) from the fixtures in `Tests/Fixtures`:
/// the first MNIST images, and CIFAR-10-format records written by `cifar10-generated/make_fixture.py`.
struct ImageReaderTests {
    private static let fashionFolder = "/usr/share/datasets/fashion-mnist"
    private static var hasFashionMNIST: Bool {
        FileManager.default.fileExists(atPath: fashionFolder + "/t10k-images-idx3-ubyte.gz")
    }

    @Test func readsMNISTTestImagesAndLabelsFromGzip() throws {
        let folder = Fixtures.path("mnist")
        let images = try IDXReader.readImages(path: folder + "/t10k-images-idx3-ubyte.gz")
        #expect(images.imageShape == [1, 28, 28])
        #expect(images.count == 40)
        #expect(images.image(0).reduce(0) { $0 + Int($1) } == 18_454)
        #expect(images.pixels.reduce(0) { $0 + Int($1) } == 936_693)
        #expect(Array(images.image(0)[(14 * 28 + 10) ..< (14 * 28 + 18)]) == [0, 0, 0, 0, 0, 0, 59, 249])
        let labels = try IDXReader.readLabels(path: folder + "/t10k-labels-idx1-ubyte.gz")
        #expect(Array(labels.prefix(10)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    @Test func readsCIFARRecordsWithLabelsMatchingTheLabelFile() throws {
        let folder = Fixtures.path("cifar10-generated")
        let (images, labels) = try CIFAR10Reader.read(path: folder + "/train.bin")
        #expect(images.count == 10)
        #expect(images.imageShape == [3, 32, 32])
        #expect(images.pixels.reduce(0) { $0 + Int($1) } == 3_917_056)
        // Channel planes: the first red pixels, then the first green ones 1,024 bytes later.
        #expect(Array(images.image(0)[0 ..< 3]) == [0, 7, 14])
        #expect(Array(images.image(0)[1024 ..< 1027]) == [85, 92, 99])
        let listed = try NPYReader.read(path: folder + "/train_labels.npy")
        #expect(labels.map(Double.init) == listed.values)
    }

    @Test func imageFileRecognisesEachFormatByContent() throws {
        let directory = try TemporaryDirectory()
        // The same IDX bytes under a misleading name, uncompressed.
        let idx = try GzipDecoder.decompress(Data(contentsOf: URL(fileURLWithPath: Fixtures.path("mnist/t10k-images-idx3-ubyte.gz"))), path: "t10k")
        let renamed = try directory.write(idx, to: "images.bin")
        #expect(try ImageFile.read(path: renamed).count == 40)
        let cifar = try ImageFile.read(path: Fixtures.path("cifar10-generated/test.bin"))
        #expect(cifar.count == 3 && cifar.channels == 3)
        let npy = try directory.write(Self.npyImages(shape: [2, 3, 2, 2], pixels: Array(0 ..< 24)), to: "mine.npy")
        let stack = try ImageFile.read(path: npy)
        #expect(stack.imageShape == [3, 2, 2] && stack.count == 2)
        #expect(Array(stack.image(1)) == Array(12 ..< 24))
    }

    @Test func userFilesSplitValidationFromTheEndOfTraining() throws {
        let folder = Fixtures.path("cifar10-generated")
        let dataset = try ImageDataset.load(name: "cifar-format", trainFiles: [folder + "/train.bin"], testFiles: [folder + "/test.bin"])
        #expect(dataset.train.count == 9)
        #expect(dataset.validation.count == 1)
        #expect(dataset.test.count == 3)
        let whole = try CIFAR10Reader.read(path: folder + "/train.bin").images
        #expect(dataset.validation.image(0) == whole.image(9), "validation is the last 10 % of the training images, in file order")
    }

    @Test(.enabled(if: hasFashionMNIST, "needs Debian's dataset-fashion-mnist"))
    func loadsFashionMNISTFromTheDebianPackageWithThePapersSplits() throws {
        let dataset = try ImageDataset.load(.fashionMNIST, dataDirectory: DataDirectory(path: "/nonexistent-lgf-data"))
        #expect(dataset.train.count == 54_000)
        #expect(dataset.validation.count == 6_000)
        #expect(dataset.test.count == 10_000)
        #expect(dataset.imageShape == [1, 28, 28])
        #expect(dataset.test.pixels.reduce(0) { $0 + Int($1) } == 573_469_082)
    }

    @Test func aMissingCatalogueDatasetNamesTheFoldersSearched() throws {
        let directory = try TemporaryDirectory()
        #expect {
            try ImageDataset.load(.cifar10, dataDirectory: DataDirectory(path: directory.path))
        } throws: { error in
            let text = String(describing: error)
            return text.contains(directory.path + "/cifar10") && text.contains("data_batch_1.bin") && text.contains("LGF_DATA_DIR")
        }
    }

    // MARK: - Broken files

    @Test func brokenIDXFilesGetErrorsThatSayWhatIsWrong() throws {
        let directory = try TemporaryDirectory()
        let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2]
        let cases: [(name: String, bytes: [UInt8], expected: String)] = [
            ("short", [0, 0], "fewer than the 4-byte magic"),
            ("magic", [0x50, 0x4b, 3, 4, 0, 0], "not an IDX file"),
            ("type", [0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0], "element type 0x0d"),
            ("header", [0, 0, 8, 3, 0, 0, 0, 2], "truncated header"),
            ("data", header + [1, 2, 3], "truncated: shape [2, 2, 2] needs 8 data bytes"),
            ("long", header + Array(repeating: 1, count: 9), "too long"),
        ]
        for item in cases {
            let path = try directory.write(Data(item.bytes), to: item.name + ".idx")
            #expect { try IDXReader.readImages(path: path) } throws: { error in
                String(describing: error).contains(item.expected) && String(describing: error).contains(path)
            }
        }
        let labels = try directory.write(Data([0, 0, 8, 1, 0, 0, 0, 2, 4, 5]), to: "labels.idx")
        #expect(try IDXReader.readLabels(path: labels) == [4, 5])
        #expect { try IDXReader.readImages(path: labels) } throws: { String(describing: $0).contains("expected an image file of 3 dimensions") }
    }

    @Test func aTruncatedGzipStreamIsReportedAsSuch() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("mnist/t10k-labels-idx1-ubyte.gz")))
        let directory = try TemporaryDirectory()
        let path = try directory.write(data.prefix(data.count / 2), to: "cut.gz")
        #expect { try IDXReader.readLabels(path: path) } throws: { error in
            guard case .corruptCompressedFile(let where_, let reason)? = error as? DatasetError else { return false }
            return where_ == path && reason.contains("truncated")
        }
    }

    @Test func brokenCIFARAndNPYImageFilesAreRefused() throws {
        let directory = try TemporaryDirectory()
        let ragged = try directory.write(Data(repeating: 1, count: CIFAR10Reader.recordSize + 5), to: "ragged.bin")
        #expect { try CIFAR10Reader.read(path: ragged) } throws: { String(describing: $0).contains("1 record and 5 bytes left over") }
        var badLabel = [UInt8](repeating: 0, count: 2 * CIFAR10Reader.recordSize)
        badLabel[CIFAR10Reader.recordSize] = 12
        let labelled = try directory.write(Data(badLabel), to: "label.bin")
        #expect { try CIFAR10Reader.read(path: labelled) } throws: { String(describing: $0).contains("record 2 has label 12") }
        let floats = try directory.write(Self.npy(descr: "<f4", shape: [1, 1, 2, 2], payload: [UInt8](repeating: 0, count: 16)), to: "f.npy")
        #expect { try NPYImageReader.read(path: floats) } throws: { String(describing: $0).contains("expected unsigned bytes") }
        let flat = try directory.write(Self.npyImages(shape: [4, 6], pixels: Array(0 ..< 24)), to: "flat.npy")
        #expect { try NPYImageReader.read(path: flat) } throws: { String(describing: $0).contains("expected (N, C, H, W) or (N, H, W)") }
        let short = try directory.write(Self.npy(descr: "|u1", shape: [2, 1, 2, 2], payload: [1, 2, 3]), to: "short.npy")
        #expect { try NPYImageReader.read(path: short) } throws: { error in
            if case .truncatedNPY? = error as? DatasetError { return true }
            return false
        }
    }

    @Test func filesWithDifferentImageShapesCannotFormOneDataset() throws {
        let directory = try TemporaryDirectory()
        let train = try directory.write(Self.npyImages(shape: [20, 1, 2, 2], pixels: Array(repeating: 3, count: 80)), to: "train.npy")
        let test = try directory.write(Self.npyImages(shape: [2, 1, 3, 2], pixels: Array(repeating: 3, count: 12)), to: "test.npy")
        #expect { try ImageDataset.load(name: "mine", trainFiles: [train], testFiles: [test]) } throws: { error in
            String(describing: error).contains("[1, 2, 2] but \(test) holds [1, 3, 2]")
        }
    }

    // MARK: - Helpers

    private static func npyImages(shape: [Int], pixels: [UInt8]) -> Data { npy(descr: "|u1", shape: shape, payload: pixels) }

    /// A version-1.0 `.npy` file: magic, header dict padded to a multiple of 64 bytes, payload.
    private static func npy(descr: String, shape: [Int], payload: [UInt8]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + dict.utf8.count + 1) % 64 != 0 { dict += " " }
        dict += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.utf8.count & 0xff), UInt8(dict.utf8.count >> 8)]
        bytes += Array(dict.utf8) + payload
        return Data(bytes)
    }
}
