import Testing
import Tensors
import Flows
import Configurations
import Runs
import Training

/// The training objective a run chooses (`objective: elbo | iwae`, with K_train draws): the importance-weighted bound
/// with one draw trains exactly as the ELBO does, and with several draws it is the larger objective, as Burda et al.
/// (ICLR 2016, Theorem 1) have it. A trainer that ignored the choice, or passed K_train to the wrong estimator, fails here.
struct TrainingObjectiveChoiceTests {
    private func records(objective: TrainingObjective?, draws: Int, spline: SplineSpecification? = SplineSpecification()) throws -> [EpochRecord] {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .lgfMAF, epochs: 2)
        configuration.model.spline = spline
        configuration.training.trainDrawCount = draws
        configuration.training.objective = objective
        let name = "objective-\(objective?.rawValue ?? "none")-\(draws)-\(spline == nil ? "affine" : "spline")"
        let trainer = try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1),
                                  run: RunFolder(path: ExperimentFixtures.scratchFolder(name)))
        _ = try trainer.train()
        return ExperimentFixtures.timeless(try trainer.run.readMetrics())
    }

    @Test func theBoundWithOneDrawTrainsExactlyAsTheELBO() throws {
        let elbo = try records(objective: .elbo, draws: 1)
        #expect(try records(objective: .iwae, draws: 1) == elbo)
        // A configuration without the key (every run written before it existed) trains with the ELBO.
        #expect(try records(objective: nil, draws: 1) == elbo)
    }

    @Test(arguments: [nil, SplineSpecification()])
    func theBoundWithFiveDrawsIsTheLargerObjective(spline: SplineSpecification?) throws {
        let elbo = try records(objective: .elbo, draws: 5, spline: spline), iwae = try records(objective: .iwae, draws: 5, spline: spline)
        // Both start from the same weights and data order; the bound's first-epoch mean lies above the ELBO's.
        #expect(iwae[0].trainObjective > elbo[0].trainObjective + 0.01, "iwae \(iwae.map(\.trainObjective)), elbo \(elbo.map(\.trainObjective))")
    }
}
