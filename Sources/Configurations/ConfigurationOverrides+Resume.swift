extension ConfigurationOverrides {
    /// These overrides with only the values whose entries `isIncluded` accepts.
    public func filter(_ isIncluded: (AnyHyperparameter) -> Bool) -> ConfigurationOverrides {
        var kept = ConfigurationOverrides()
        for entry in Hyperparameters.all where isIncluded(entry) { entry.base.copyIfUnset(into: &kept, from: self) }
        return kept
    }

    /// The values given here that a started run of `configuration` may change (`ResumeRule.mayChange`) and that differ
    /// from the ones it holds.
    public func resumableChanges(to configuration: ExperimentConfiguration) -> ConfigurationOverrides {
        let targets = configuration.hyperparameterTargets
        return filter { $0.onResume == .mayChange && $0.base.differs(self, from: targets) }
    }

    /// `configuration` with these values in their fields (image keys reach only an image run, vector-model keys only
    /// a vector run).
    public func applied(to configuration: ExperimentConfiguration) -> ExperimentConfiguration {
        var targets = configuration.hyperparameterTargets
        land(in: &targets)
        var applied = configuration
        applied.hyperparameterTargets = targets
        return applied
    }

    /// The values as command-line flags, in the table's order: `["--epochs", "5", "--patience", "40"]`.
    public var flagArguments: [String] {
        Hyperparameters.all.flatMap { entry in entry.base.argument(in: self).map { ["--" + entry.key, $0] } ?? [] }
    }

    /// Each given value beside the one `configuration` holds, e.g. `up to 5 epochs (was 3)`.
    public func describedChanges(from configuration: ExperimentConfiguration) -> [String] {
        let targets = configuration.hyperparameterTargets
        return Hyperparameters.all.compactMap { $0.base.change(self, from: targets) }
    }
}

extension ExperimentConfiguration {
    /// The parts hyperparameters land in: the vector model (not for an image run, whose `model` only summarises it),
    /// the training settings, and the image model.
    var hyperparameterTargets: HyperparameterTargets {
        get { HyperparameterTargets(model: image == nil ? model : nil, training: training, image: image) }
        set {
            if let newModel = newValue.model { model = newModel }
            if let newTraining = newValue.training { training = newTraining }
            image = newValue.image
        }
    }
}
