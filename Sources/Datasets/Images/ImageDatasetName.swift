/// The image datasets of the paper's Table 2 (and MNIST, its simpler cousin).
public enum ImageDatasetName: String, CaseIterable, Sendable {
    case mnist
    case fashionMNIST = "fashion-mnist"
    case cifar10

    /// The folder under the data directory that holds the files (`<data directory>/<folder>`).
    public var folderName: String { rawValue }

    /// Folders searched after the data directory's: Debian's `dataset-fashion-mnist` package installs the four
    /// official files into `/usr/share/datasets/fashion-mnist`.
    var systemFolders: [String] {
        self == .fashionMNIST ? ["/usr/share/datasets/fashion-mnist"] : []
    }

    /// The training and test files, relative to the dataset's folder, and what they are called in messages.
    var fileNames: (train: [String], test: [String]) {
        switch self {
        case .mnist, .fashionMNIST:
            return (["train-images-idx3-ubyte"], ["t10k-images-idx3-ubyte"])
        case .cifar10:
            return ((1 ... 5).map { "data_batch_\($0).bin" }, ["test_batch.bin"])
        }
    }

    /// The logit pre-transform's λ (Dinh et al. 2017, §4.1; the values of the authors' code for Cornish et al. 2020):
    /// 1e−6 for the grey-scale sets, 0.05 for CIFAR-10.
    public var logitLambda: Double { self == .cifar10 ? 0.05 : 1e-6 }
}
