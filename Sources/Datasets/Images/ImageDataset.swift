import Foundation

/// An image dataset ready for training: three stacks with one image shape.
///
/// Validation is the last 10 % of the training images, as in the authors' code for Cornish et al. 2020:
/// Fashion-MNIST and MNIST 54,000 / 6,000 / 10,000, CIFAR-10 45,000 / 5,000 / 10,000.
public struct ImageDataset: Sendable {
    /// The catalogue name or, for user files, the training file's base name.
    public let name: String
    /// Images used for fitting.
    public let train: ImageStack
    /// Images used for early stopping and model selection.
    public let validation: ImageStack
    /// Images held out for the final report.
    public let test: ImageStack

    /// The shape of every image, `[channels, height, width]`.
    public var imageShape: [Int] { train.imageShape }

    /// Loads a catalogue image dataset from `<data directory>/<name>/` (or, for Fashion-MNIST, from where
    /// Debian's `dataset-fashion-mnist` package puts it). Each file may be gzip-compressed or not.
    ///
    /// - Throws: `DatasetError.fileNotFound` naming every folder searched and how to supply the files; any
    ///   reader error.
    public static func load(_ name: ImageDatasetName, dataDirectory: DataDirectory = .resolve()) throws -> ImageDataset {
        // CIFAR-10's archive unpacks into cifar-10-batches-bin/, so that folder is accepted as well.
        let folders = [dataDirectory.path(of: name.folderName), dataDirectory.path(of: name.folderName + "/cifar-10-batches-bin")]
            + name.systemFolders
        let (trainNames, testNames) = name.fileNames
        guard let folder = folders.first(where: { folder in
            (trainNames + testNames).allSatisfy { existing(folder + "/" + $0) != nil }
        }) else {
            let missing = folders[0] + "/" + trainNames[0]
            throw DatasetError.fileNotFound(
                path: missing,
                requirement: "\(name.rawValue) needs \((trainNames + testNames).joined(separator: ", ")) (optionally .gz) in one of "
                    + folders.joined(separator: ", ") + "; pass the data directory explicitly or set \(DataDirectory.environmentVariable)")
        }
        func paths(_ names: [String]) -> [String] { names.compactMap { existing(folder + "/" + $0) } }
        return try load(name: name.rawValue, trainFiles: paths(trainNames), testFiles: paths(testNames))
    }

    /// Loads images from files: IDX image files, CIFAR-10 binary batches or `.npy` uint8 arrays (each recognised
    /// by its content, plain or gzip), the training files stacked in order, validation carved from their end.
    ///
    /// - Throws: reader errors, `.imageShapeMismatch` when files disagree on the image shape, and `.tooFewRows`
    ///   when the training images are too few to carve a validation split.
    public static func load(name: String, trainFiles: [String], testFiles: [String]) throws -> ImageDataset {
        precondition(!trainFiles.isEmpty && !testFiles.isEmpty, "an image dataset needs training and test files")
        let stacks = try (trainFiles + testFiles).map { try ImageFile.read(path: $0) }
        let reference = (path: trainFiles[0], shape: stacks[0].imageShape)
        for (path, stack) in zip(trainFiles + testFiles, stacks) where stack.imageShape != reference.shape {
            throw DatasetError.imageShapeMismatch(firstPath: reference.path, firstShape: reference.shape, secondPath: path, secondShape: stack.imageShape)
        }
        let allTrain = ImageStack.concatenated(Array(stacks[..<trainFiles.count]))
        let validationCount = SplitRule.maf.heldOutCount(of: allTrain.count)
        guard validationCount > 0 else {
            throw DatasetError.tooFewRows(source: trainFiles[0], rowCount: allTrain.count, minimum: 10)
        }
        return ImageDataset(name: name,
                            train: allTrain.images(in: 0 ..< allTrain.count - validationCount),
                            validation: allTrain.images(in: allTrain.count - validationCount ..< allTrain.count),
                            test: ImageStack.concatenated(Array(stacks[trainFiles.count...])))
    }

    /// `path` itself or `path.gz`, whichever exists first.
    private static func existing(_ path: String) -> String? {
        [path, path + ".gz"].first { FileManager.default.fileExists(atPath: $0) }
    }
}
