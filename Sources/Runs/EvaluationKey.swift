import Checkpoints
import FileSystem
import Networks
import Tensors

/// What an evaluation scores, to the bit: the finished chunks of one evaluation may stand in for another's only when
/// their keys are equal (`EvaluationProgress`).
public struct EvaluationKey: Codable, Sendable, Equatable {
    /// The CRC-32 of the whole checkpoint file, eight hex digits: a run trained further has other weights.
    public var checkpointCRC32: String
    /// The split's name (`test`, `validation`) or the file scored instead.
    public var source: String
    /// Points scored, importance samples per point, the evaluation's seed and the points per chunk.
    public var points, importanceSamples: Int
    public var seed: UInt64
    public var pointsPerChunk: Int
    /// What computes the products, convolutions and narrow networks: other kernels round differently, so chunks of
    /// another setting (`--matrix-kernel`, `--convolution-algorithm`, `--layer-fusion`, another CPU) are not mixed in.
    public var computation: String

    /// The key of scoring `chunks` of `source` with the weights of `checkpointPath`.
    /// - Throws: `FileSystemError` when the checkpoint cannot be read.
    public init(checkpointPath: String, source: String, chunks: EvaluationChunks, importanceSamples: Int, seed: UInt64) throws {
        checkpointCRC32 = CRC32.hex(CRC32.checksum(try FileContents.read(checkpointPath)))
        self.source = source
        points = chunks.pointCount
        self.importanceSamples = importanceSamples
        self.seed = seed
        pointsPerChunk = chunks.pointsPerChunk
        computation = "\(BLAS.convolutionKernelName); layer fusion \(LayerFusion.current.rawValue)"
    }
}
