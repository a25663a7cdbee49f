import Testing
import Flows
@testable import Configurations
@testable import Sweeps

/// The sweep's time left: every kind of run at its own observed rate, shared by the jobs.
struct SweepTimeEstimateTests {
    /// A run of the given dataset, model and grid label (the kind the estimate keys its rates on).
    private func run(_ id: String, _ dataset: String, _ model: ModelName, label: String = "") -> SweepRun {
        SweepRun(id: id, dataset: SweepSpecification.DataEntry(label: dataset, source: .catalogue(name: dataset, dataDirectory: nil), reference: nil),
                 model: model, configurationLabel: label, seed: 0, overrides: ConfigurationOverrides(), threads: 1)
    }

    @Test func timeRemainingUsesEachKindsOwnRate() {
        let maf = run("a_maf_seed0", "a", .maf), lgf = run("a_lgf_seed0", "a", .lgfMAF)
        let mafLater = run("a_maf_seed1", "a", .maf), lgfOtherData = run("b_lgf_seed0", "b", .lgfMAF)
        let unseen = run("a_realnvp_seed0", "a", .realNVP)
        var estimate = SweepTimeEstimate()
        #expect(estimate.secondsRemaining([(maf, 10)], jobs: 2) == nil)   // no rate yet
        #expect(estimate.secondsRemaining([(maf, 0)], jobs: 2) == 0)      // nothing left
        // Both train side by side: the MAF at 0.5 s per epoch, the LGF-MAF at 2 s (the first sighting only marks).
        estimate.observe(maf, epochs: 0, at: 0)
        estimate.observe(lgf, epochs: 3, at: 0)
        estimate.observe(maf, epochs: 8, at: 4)
        estimate.observe(lgf, epochs: 5, at: 4)
        estimate.observe(lgf, epochs: 5, at: 5)     // no new epoch: nothing counted yet
        estimate.observe(lgf, epochs: 6, at: 6)
        // 10 MAF epochs (5 s) + 100 LGF-MAF epochs of another dataset (its model's rate: 200 s) + 10 epochs of an
        // unseen model (the mean of the kinds' rates, 1.25 s: 12.5 s), on 2 jobs.
        let left = estimate.secondsRemaining([(mafLater, 10), (lgfOtherData, 100), (unseen, 10)], jobs: 2)
        #expect(left == (5 + 200 + 12.5) / 2)
        // One run left cannot use two jobs.
        #expect(estimate.secondsRemaining([(mafLater, 10)], jobs: 2) == 5)
        // A stopped run marks afresh: the 100 s it was away do not count as training.
        estimate.forget(maf)
        estimate.observe(maf, epochs: 8, at: 104)
        estimate.observe(maf, epochs: 10, at: 105)
        #expect(estimate.secondsRemaining([(mafLater, 10)], jobs: 1) == 10 * 5.0 / 10)
    }
}
