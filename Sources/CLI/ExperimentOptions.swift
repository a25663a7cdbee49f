import Foundation
import ArgumentParser
import Flows
import Networks
import Datasets
import Configurations

/// The flags that choose data, model and hyperparameters, shared by `train` and `describe`.
struct ExperimentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A catalogue dataset: a 2-D target (\(TwoDimensionalTarget.namesListed)), a UCI set (\(UCIDataset.namesListed)) "
                               + "or images (\(ImageDatasetName.namesListed)); default \(TwoDimensionalTarget.twoUniforms.rawValue)."))
    var dataset: String?

    @Option(help: "Training data of your own: CSV (header optional) or .npy (float32/float64, C order).", completion: .file())
    var trainFile: String?

    @Option(help: "Validation data (carved from the training file by the MAF rule when absent).", completion: .file())
    var validationFile: String?

    @Option(help: "Test data (carved from the training file by the MAF rule when absent).", completion: .file())
    var testFile: String?

    @Option(help: "Images of your own: a uint8 .npy array of N×C×H×W (or N×H×W), or a folder of PNG images of one size (sorted by file name), trained with --model realnvp or lgf-realnvp; test is the last 10 %, validation the last 10 % of the rest, in file order.", completion: .file())
    var data: String?

    @Option(help: "Folder holding the UCI files (default: $LGF_DATA_DIR, else $XDG_DATA_HOME/lgf/data, else ~/.local/share/lgf/data).", completion: .directory)
    var dataDir: String?

    @Option(help: ArgumentHelp("The model: \(ModelName.namesListed) (default: \(ModelName.lgfMAF.rawValue); for images \(ModelName.lgfRealNVP.rawValue), "
                               + "\(ModelName.realNVP.rawValue) being the other one images take)."))
    var model: ModelName?

    @Flag(name: .customLong("no-standardize"), help: "Model your file's columns as they are, instead of standardising them by the training split's mean and std (the model's first step; log-likelihoods stay in the data's own units either way).")
    var noStandardize = false

    @Flag(name: .customLong("no-shuffle"), help: "Carve validation and test from the end of the training file in file order, instead of after a seeded shuffle of its rows.")
    var noShuffle = false

    @Flag(help: "Add uniform noise of each discrete-looking column's step (its smallest gap between values) to that column.")
    var dequantize = false

    @Option(help: "Columns of your file to leave out, by header name or 1-based number, comma-separated (e.g. id,3).")
    var dropColumns: String?

    @Option(help: "A label or target column of your file (name or 1-based number): left out of the model, written beside each point by evaluate --per-point.")
    var labelColumn: String?

    @Option(help: "Columns of your file to condition on, by header name or 1-based number, comma-separated: the model is a density of the other columns x given these, p(x | c). Numeric ones are standardised by the training split (recorded in the model); a column of at most 10 distinct integers is taken for categorical and one-hot encoded.")
    var contextColumns: String?

    @Option(help: "Context columns that are categorical (one-hot encoded over the training split's values, never standardised), by name or number; the other context columns are then numeric.")
    var categoricalContext: String?

    @Option(help: "A YAML or JSON file of hyperparameters (keys as the flags, e.g. learning-rate: 0.001). Flags win over it.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var config: String?

    /// One flag per hyperparameter (`Hyperparameters.all`).
    @OptionGroup var hyperparameters: HyperparameterFlags

    @Option(parsing: .unconditional, help: "GiB a training step may need (estimated from the sizes before anything is built), and that decoding image files may take; default 8.") var memoryLimit: Double?

    /// The hyperparameter flags given, as overrides.
    var flagOverrides: ConfigurationOverrides { hyperparameters.overrides }

    /// The memory limit of `--memory-limit`, or the standard one.
    var limits: ResourceLimits { MemoryLimitOption.limits(gibibytes: memoryLimit) }

    func validate() throws {
        if dataset != nil && trainFile != nil { throw ValidationError("give either --dataset or --train-file, not both") }
        if data != nil && (dataset != nil || trainFile != nil) { throw ValidationError("give one of --dataset, --train-file and --data, not several") }
        if trainFile == nil && (validationFile != nil || testFile != nil) { throw ValidationError("--validation-file and --test-file need --train-file") }
        try MemoryLimitOption.validate(gibibytes: memoryLimit)
        if trainFile == nil && !filePreparationFlags.isEmpty {
            throw ValidationError("\(filePreparationFlags.joined(separator: ", ")) apply to --train-file; the paper's datasets keep their own preprocessing")
        }
        // An empty list would silently mean none: no context (an unconditional model), nothing dropped.
        for (flag, list) in [("--drop-columns", dropColumns), ("--context-columns", contextColumns), ("--categorical-context", categoricalContext)] {
            if let list, Self.columnList(list).isEmpty {
                throw ValidationError("\(flag) \"\(list)\" names no column; expected names from the file's header or 1-based numbers, comma-separated (e.g. id,3)")
            }
        }
        if let labelColumn, labelColumn.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--label-column \"\(labelColumn)\" names no column; expected a name from the file's header or a 1-based number")
        }
    }

    /// The model asked for, lgf-maf when none is.
    var modelName: ModelName { model ?? .lgfMAF }

    /// The user-file preparation flags that were given.
    var filePreparationFlags: [String] {
        [noStandardize ? "--no-standardize" : nil, noShuffle ? "--no-shuffle" : nil, dequantize ? "--dequantize" : nil,
         dropColumns.map { _ in "--drop-columns" }, labelColumn.map { _ in "--label-column" },
         contextColumns.map { _ in "--context-columns" }, categoricalContext.map { _ in "--categorical-context" }].compactMap { $0 }
    }

    /// How to prepare a user's file, from the flags.
    var filePreparationRequest: FilePreparationRequest {
        FilePreparationRequest(standardize: !noStandardize, shuffle: !noShuffle, dequantize: dequantize,
                               dropColumns: Self.columnList(dropColumns), labelColumn: labelColumn,
                               contextColumns: Self.columnList(contextColumns), categoricalContext: Self.columnList(categoricalContext))
    }

    /// The names or numbers of a comma-separated list of columns, blanks around and between them left out.
    static func columnList(_ text: String?) -> [String] {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
    }

    /// Where the data come from (two rectangles when nothing is said). Paths are made absolute from the working
    /// directory, so that the configuration a run stores still finds its data from any other directory.
    var dataSource: DataSource {
        if let data { return .imageFile(path: absolute(data)) }
        if let trainFile { return .files(train: absolute(trainFile), validation: validationFile.map(absolute), test: testFile.map(absolute)) }
        return .catalogue(name: dataset ?? TwoDimensionalTarget.twoUniforms.rawValue, dataDirectory: dataDir.map(absolute))
    }

    /// `path` made absolute from the working directory (an empty one is left for the readers to refuse).
    private func absolute(_ path: String) -> String {
        path.isEmpty ? path : URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// What `resolve` found: the configuration, and the data when they were loaded.
    struct Resolved {
        var configuration: ExperimentConfiguration
        /// `nil` when a catalogue dataset was resolved without reading its files.
        var dataset: Datasets.Dataset?
        /// The user's file as prepared (`nil` for the paper's datasets).
        var prepared: PreparedUserData?
        /// The dataset's name for messages.
        var name: String
    }

    /// Paper defaults for the data and model, then the configuration file, then the flags.
    func resolve() throws -> (ExperimentConfiguration, Datasets.Dataset) {
        let resolved = try resolve(readingCatalogueFiles: true)
        guard let dataset = resolved.dataset else { throw ExperimentError.unsupported("internal error: the dataset was not loaded") }
        return (resolved.configuration, dataset)
    }

    /// Defaults for the data and model (the paper's for its datasets, sized to the data for a user's file), then
    /// the configuration file, then the flags. A user's file is always read and prepared (its warnings go to
    /// standard error); a catalogue dataset only when `readingCatalogueFiles`, since its dimension is known.
    func resolve(readingCatalogueFiles: Bool) throws -> Resolved {
        let fileOverrides = try config.map(ConfigurationOverrides.read(path:)) ?? ConfigurationOverrides()
        return try resolve(overrides: flagOverrides.overriding(fileOverrides), readingCatalogueFiles: readingCatalogueFiles)
    }

    /// `resolve(readingCatalogueFiles:)` with the hyperparameters given as `overrides` (a sweep's run's, which its `lgf train`
    /// reads from `--config`), and the user's files as `preparedFiles` when they were prepared already (their warnings
    /// are then not repeated).
    func resolve(overrides: ConfigurationOverrides, readingCatalogueFiles: Bool, preparedFiles: PreparedUserData? = nil) throws -> Resolved {
        let source = dataSource
        if source.holdsImages { return try resolveImages(source, overrides: overrides, readingFiles: false).0 }
        try overrides.checkIndexedLayerKeys(for: modelName.kind)
        if !overrides.imageModelKeys.isEmpty {
            throw ValidationError("\(overrides.imageModelKeys.joined(separator: ", ")) apply to image models (--dataset mnist, fashion-mnist or cifar10, or --data FILE.npy)")
        }
        try overrides.checkSplineKeys(for: modelName)
        let seed = overrides.seed ?? 0
        switch source {
        case .catalogue(let name, _):
            let catalogue = try DatasetCatalog(name: name)
            let dataset = readingCatalogueFiles ? try source.load(seed: seed) : nil
            let dimension: Int
            switch catalogue {
            case .twoDimensional: dimension = 2
            case .uci(let uci): dimension = uci.dimension
            }
            let defaults = PaperDefaults.configuration(dataset: name, dimension: dataset?.dimension ?? dimension, model: modelName)
            let (modelSpecification, training) = overrides.apply(to: defaults.model, defaults.training)
            try overrides.checkContextSettings(for: modelSpecification)
            let configuration = ExperimentConfiguration(data: source, model: modelSpecification, training: training)
            try configuration.validate()
            try limits.check(configuration)
            return Resolved(configuration: configuration, dataset: dataset, prepared: nil, name: name)
        case .imageFile(let path):
            throw ExperimentError.unsupported("internal error: \(path) holds images and is resolved by resolveImages")
        case .files(let train, let validation, let test):
            let prepared: PreparedUserData
            if let preparedFiles {
                prepared = preparedFiles
            } else {
                prepared = try UserData.prepare(train: train, validation: validation, test: test, request: filePreparationRequest, seed: seed)
                for warning in prepared.warnings { Console.warn(warning) }
            }
            var defaults = DataSizedDefaults.configuration(rowCount: prepared.dataset.train.rowCount, dimension: prepared.dataset.dimension, model: modelName)
            defaults.model.context = prepared.context
            var (modelSpecification, training) = overrides.apply(to: defaults.model, defaults.training)
            try overrides.checkContextSettings(for: modelSpecification)
            modelSpecification.inputStandardization = prepared.standardization
            var configuration = ExperimentConfiguration(data: source, model: modelSpecification, training: training)
            configuration.preparation = prepared.preparation
            try configuration.validate()
            try limits.check(configuration)
            return Resolved(configuration: configuration, dataset: prepared.dataset, prepared: prepared, name: prepared.dataset.name)
        }
    }
}
