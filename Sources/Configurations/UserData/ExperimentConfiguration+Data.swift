import Datasets

extension ExperimentConfiguration {
    /// The run's splits, in the data's own units: a catalogue dataset as its preprocessing defines it, the
    /// user's files as `preparation` records (or, for runs made before it existed, as the files are).
    public func loadDataset() throws -> Dataset { try loadData().dataset }

    /// The run's splits and, for user files with a label column, each split's labels.
    public func loadData() throws -> (dataset: Dataset, labels: DataSplits?) {
        guard let preparation, case .files(let train, let validation, let test) = data else {
            return (try data.load(seed: training.seed), nil)
        }
        return try UserData.load(train: train, validation: validation, test: test, preparation: preparation)
    }
}
