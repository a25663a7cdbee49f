import Runs
/// Receives a trainer's progress (the CLI draws a progress bar or prints one line per epoch; tests
/// record the calls). All methods have empty defaults.
public protocol TrainingLog: AnyObject {
    func trainingDidFinishStep(epoch: Int, step: Int, of stepCount: Int, objective: Double)
    func trainingDidFinishEpoch(_ record: EpochRecord, isBest: Bool)
    func trainingDidRollBack(epoch: Int, newLearningRate: Double, reason: String)
    /// Asked after every epoch (once its checkpoint is written): `true` ends training there, resumable later
    /// (the CLI answers `true` after Ctrl-C).
    func trainingShouldStop() -> Bool
    /// Something the user should know that does not stop training (a repaired metrics file, a removed
    /// temporary file, a checkpoint without checksums).
    func trainingDidWarn(_ message: String)
}

extension TrainingLog {
    public func trainingDidFinishStep(epoch: Int, step: Int, of stepCount: Int, objective: Double) {}
    public func trainingDidFinishEpoch(_ record: EpochRecord, isBest: Bool) {}
    public func trainingDidRollBack(epoch: Int, newLearningRate: Double, reason: String) {}
    public func trainingShouldStop() -> Bool { false }
    public func trainingDidWarn(_ message: String) {}
}
