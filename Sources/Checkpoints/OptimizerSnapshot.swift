import Tensors
import Networks

/// Adam's resumable state as a checkpoint holds it: the step count t, the learning rate α, and the
/// moment estimates m and v keyed by the model's dotted parameter names (so they survive a change in
/// the order parameters are listed, and a mismatch names the parameter).
///
/// In the file the moments are the tensors `optimizer.firstMoment.<name>` and
/// `optimizer.secondMoment.<name>`, and t and α are the metadata `optimizer.stepCount` and
/// `optimizer.learningRate` (α as Swift's shortest decimal that reads back to the same `Double`).
public struct OptimizerSnapshot {
    /// The number of updates taken, t.
    public var stepCount: Int
    /// The step size α at the time of saving (a schedule may have changed it).
    public var learningRate: Double
    /// First-moment estimates m, by parameter name; shapes match the parameters.
    public var firstMoments: [String: Tensor]
    /// Second-moment estimates v, by parameter name; shapes match the parameters.
    public var secondMoments: [String: Tensor]

    /// A snapshot from its parts.
    public init(stepCount: Int, learningRate: Double, firstMoments: [String: Tensor], secondMoments: [String: Tensor]) {
        self.stepCount = stepCount
        self.learningRate = learningRate
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }

    /// A copy of `optimizer`'s state, with each parameter named as in `index`.
    /// - Throws: `CheckpointError.optimizerParameterNotInModel` if the optimiser updates a parameter the
    ///   model does not list.
    init(_ optimizer: Adam, index: ModelStateIndex) throws(CheckpointError) {
        let names = try index.names(of: optimizer.parameters)
        stepCount = optimizer.stepCount
        learningRate = optimizer.learningRate
        firstMoments = [:]
        secondMoments = [:]
        for (position, name) in names.enumerated() {
            guard firstMoments.updateValue(optimizer.firstMoments[position].detached(), forKey: name) == nil else {
                throw .duplicateTensorName(tensor: name)
            }
            secondMoments[name] = optimizer.secondMoments[position].detached()
        }
    }
}
