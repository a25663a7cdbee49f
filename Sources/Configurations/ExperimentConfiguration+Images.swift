import Foundation
import Tensors
import Flows
import Datasets

extension DataSource {
    /// The catalogue image dataset this source names (`mnist`, `fashion-mnist`, `cifar10`), if it names one.
    public var imageDatasetName: ImageDatasetName? {
        if case .catalogue(let name, _) = self { return ImageDatasetName(rawValue: name) }
        return nil
    }

    /// Whether the source holds images rather than vectors.
    public var holdsImages: Bool {
        if case .imageFile = self { return true }
        return imageDatasetName != nil
    }
}

extension ExperimentConfiguration {
    /// Builds the run's model: the multiscale image flow for image runs, the vector flow otherwise. Both draw their
    /// initial weights from `generator`.
    public func buildModel(using generator: inout SplitMix64) throws -> FlowDensity {
        if let image { return try ImageModelBuilder.build(image.specification, using: &generator) }
        return try ModelBuilder.build(model, using: &generator)
    }

    /// The run's images: the catalogue dataset (validation the last 10 % of the training images) or the user's file
    /// or folder of PNGs (test its last 10 %, validation the last 10 % of the rest, in file order), cut to the first
    /// `trainingImageLimit` training images when that is set (validation then the last 10 % of those).
    ///
    /// - Throws: `ExperimentError.unsupported` for a vector run; reader errors naming the file;
    ///   `.dimensionMismatch` when the images do not have the shape the model was built for.
    /// - Parameter limits: the memory decoding the image files may take (`ResourceLimits.decoding`).
    public func loadImages(limits: ResourceLimits = .standard) throws -> ImageDataset {
        guard let image else { throw ExperimentError.unsupported("\(data.name) is not an image run (its configuration has no image model)") }
        let loaded = try ImageData.load(data, trainingImageLimit: image.trainingImageLimit, limit: limits.decoding)
        let expected = image.specification.imageShape
        guard loaded.imageShape == [expected.channels, expected.height, expected.width] else {
            throw ExperimentError.unsupported("\(loaded.name) holds images of \(loaded.imageShape.map(String.init).joined(separator: "×")), "
                + "but the model was built for \(expected)")
        }
        return loaded
    }
}

/// Loads the image datasets of `DataSource`s.
public enum ImageData {
    /// The splits of `source`, cut to the first `trainingImageLimit` training images when given.
    /// - Throws: reader errors; `DatasetError.tooFewRows` when a split would be empty.
    /// - Parameter limit: the memory decoding a user's image file or folder may take (`DecodingLimit`).
    public static func load(_ source: DataSource, trainingImageLimit: Int? = nil, limit: DecodingLimit = .standard) throws -> ImageDataset {
        let full: ImageDataset
        switch source {
        case .catalogue(let name, let directory):
            guard let imageName = ImageDatasetName(rawValue: name) else {
                throw DatasetError.unknownDataset(name: name, known: ImageDatasetName.allCases.map(\.rawValue))
            }
            full = try ImageDataset.load(imageName, dataDirectory: DataDirectory.resolve(explicitPath: directory))
        case .imageFile(let path):
            var isDirectory: ObjCBool = false
            let isFolder = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            let stack = try isFolder ? ImageFolder.read(directory: path, limit: limit) : ImageFile.read(path: path, limit: limit)
            full = try carved(stack, name: (path as NSString).lastPathComponent, source: path)
        case .files(let train, _, _):
            throw ExperimentError.unsupported("\(train) is a table of vectors; images come from --dataset mnist|fashion-mnist|cifar10 or --data FILE.npy")
        }
        guard let limit = trainingImageLimit else { return full }
        let all = ImageStack.concatenated([full.train, full.validation])
        guard limit < all.count else { return full }
        let validation = SplitRule.maf.heldOutCount(of: limit)
        return ImageDataset.splits(name: full.name, train: all.images(in: 0 ..< limit - validation),
                            validation: all.images(in: limit - validation ..< limit), test: full.test)
    }

    /// One stack cut by the MAF rule in file order: test the last 10 %, validation the last 10 % of the rest.
    static func carved(_ stack: ImageStack, name: String, source: String) throws -> ImageDataset {
        let sizes = SplitRule.maf.sizes(rowCount: stack.count)
        guard sizes.train > 0, sizes.validation > 0, sizes.test > 0 else {
            throw DatasetError.tooFewRows(source: source, rowCount: stack.count, minimum: 20)
        }
        return ImageDataset.splits(name: name, train: stack.images(in: 0 ..< sizes.train),
                            validation: stack.images(in: sizes.train ..< sizes.train + sizes.validation),
                            test: stack.images(in: sizes.train + sizes.validation ..< stack.count))
    }
}
