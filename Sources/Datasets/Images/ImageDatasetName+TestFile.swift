import Foundation

extension ImageDatasetName {
    /// Where the catalogue's first test file may be, in the order `ImageDataset.load` searches its folders:
    /// `<data directory>/<folder>/<file>` (plain or `.gz`), CIFAR-10's unpacked `cifar-10-batches-bin/`, then the
    /// system folders (Debian's Fashion-MNIST). Benchmarks read these few thousand images instead of the whole set.
    public func testFileCandidates(dataDirectory: DataDirectory) -> [String] {
        let folders = [dataDirectory.path(of: folderName), dataDirectory.path(of: folderName + "/cifar-10-batches-bin")] + systemFolders
        let file = fileNames.test[0]
        return folders.flatMap { ["\($0)/\(file)", "\($0)/\(file).gz"] }
    }
}
