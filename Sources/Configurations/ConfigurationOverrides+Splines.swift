import Flows

extension ConfigurationOverrides {
    /// The keys of spline steps (`bins`, `tail-bound`) given here.
    public var splineKeys: [String] { Hyperparameters.splineModel.filter { $0.isGiven(in: self) }.map(\.key) }

    /// Refuses the spline keys for a model with affine steps, which has no splines to set, rather than ignore them.
    /// - Throws: `ExperimentError.unsupported` naming the keys, the models that take them and the model given.
    public func checkSplineKeys(for model: ModelName) throws {
        let given = splineKeys
        guard !model.hasSplineSteps, !given.isEmpty else { return }
        let splineModels = ModelName.allCases.filter(\.hasSplineSteps).map(\.rawValue)
        throw ExperimentError.unsupported("\(given.joined(separator: ", ")) apply to the spline models (\(splineModels.joined(separator: ", "))), not to \(model.rawValue)")
    }
}
