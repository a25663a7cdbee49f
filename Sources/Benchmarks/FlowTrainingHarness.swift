import Flows
import Networks
import Tensors
import Training

/// One model of the flow benchmark with its optimiser and synthetic data: what a trainer does per step,
/// without logging or checkpoints.
///
/// A step draws the next batch of a shuffled epoch over the training rows, forms −mean ELBO with one draw
/// of u (for an exact model the ELBO is the log-likelihood), differentiates it and applies Adam.
final class FlowTrainingHarness {
    let density: FlowDensity
    let optimizer: Adam
    let trainingRows: Tensor
    /// Each training row's context, N(0, I), for a conditional density; `nil` otherwise.
    let trainingContext: Tensor?
    let batch: Int
    private(set) var generator: SplitMix64
    /// This process alone, or the ranks of a data-parallel benchmark, each taking its slice of every batch.
    var replicas: any TrainingReplicas = SingleReplica()
    private var stepCount = 0
    private var order: [Int] = []
    private var position = 0

    init(specification: ModelSpecification, trainingRowCount: Int, batch: Int, learningRate: Double, seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        density = try ModelBuilder.build(specification, using: &generator)
        density.setMode(.training)
        optimizer = Adam(parameters: density.parameters, learningRate: learningRate)
        trainingRows = Tensor.randomNormal(shape: [trainingRowCount, specification.dimension], using: &generator)
        trainingContext = specification.context.map { Tensor.randomNormal(shape: [trainingRowCount, $0.dimension], using: &generator) }
        self.batch = min(batch, trainingRowCount)
        self.generator = generator
    }

    /// The next `batch` rows of the current shuffled pass over the training rows (a new pass reshuffles).
    private func nextBatch() -> [Int] {
        let rowCount = trainingRows.shape[0]
        if order.isEmpty { order = Array(0..<rowCount) }
        if position + batch > rowCount || position == 0 {
            order.shuffle(using: &generator)
            position = 0
        }
        let rows = order[position..<(position + batch)]
        position += batch
        return replicas.localRows(of: rows)
    }

    /// One Adam step on the next batch (this replica's slice of it). - Returns: the loss, −mean ELBO of the batch.
    func step() throws -> Double {
        let rows = nextBatch()
        let x = trainingRows.gatheringRows(rows), c = trainingContext?.gatheringRows(rows)
        let parameters = optimizer.parameters
        // The loss and its graph are released before the update: a graph that still held parameter storage
        // would make the in-place update copy every parameter (copy-on-write).
        let (loss, gradients) = try { () throws -> (Double, [Tensor]) in
            let objective = -(try replicas.objective(step: stepCount, generator: &generator) { try density.elbo(x, context: c, drawCount: 1, using: &$0).mean() })
            var gradients = objective.gradients(withRespectTo: parameters.map(\.value))
            return (try replicas.sum(objective: objective.item, gradients: &gradients), gradients)
        }()
        stepCount += 1
        optimizer.update(with: gradients)
        return loss
    }

    /// Draws from the generator the harness owns (evaluation shares it so a run is one reproducible stream).
    func withGenerator<R>(_ body: (inout SplitMix64) throws -> R) rethrows -> R {
        try body(&generator)
    }
}
