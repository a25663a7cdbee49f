import Testing
import Tensors
import Networks
import Flows

/// The importance-sampling estimator gives the same estimates whichever threads run its chunks: chunk c draws from
/// a stream seeded by the c-th value the caller's generator gives, so neither the thread count nor `threading`
/// changes a value, and a call over all points equals calls over consecutive groups of whole chunks.
struct EstimatorThreadingTests {
    /// A 2-D LGF-MAF (masked products, conditional Gaussians) with a batch norm after its first localised layer,
    /// in evaluation mode unless told otherwise.
    static func model(seed: UInt64, mode: LayerMode = .evaluation) throws -> FlowDensity {
        var g = SplitMix64(seed: seed)
        let lgf = try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 2, layerCount: 2, hiddenCounts: [16, 16],
                                                            indexDimension: 1, shiftScaleHiddenCounts: [8], indexPriorHiddenCounts: [8],
                                                            indexPosteriorHiddenCounts: [8]), using: &g)
        let steps = [lgf.steps[0], .bijection(BatchNormBijection(featureCount: 2))] + lgf.steps.dropFirst()
        let flow = FlowDensity(steps: steps, dimension: 2)
        flow.setMode(mode)
        return flow
    }

    static func points(_ count: Int, seed: UInt64) -> Tensor {
        var g = SplitMix64(seed: seed)
        return Tensor.randomNormal(shape: [count, 2], using: &g)
    }

    /// 13 points, K = 30, 60 rows per pass: seven chunks of two points and one (a remainder on 2 and 3 threads).
    static func estimate(_ flow: FlowDensity, threads: Int, threading: EstimatorThreading, seed: UInt64 = 5) throws -> LogLikelihoodEstimate {
        var generator = SplitMix64(seed: seed)
        return try WorkerPool(threadCount: threads).withCurrent {
            try flow.logLikelihood(points(13, seed: 4), importanceSamples: 30, rowsPerPass: 60, threading: threading, using: &generator)
        }
    }

    @Test func sameEstimatesForEveryThreadCountAndThreading() throws {
        let flow = try Self.model(seed: 1)
        let serial = try Self.estimate(flow, threads: 1, threading: .insideProducts)
        #expect(serial.values.count == 13 && serial.values.allSatisfy(\.isFinite))
        #expect(serial.standardErrors.allSatisfy { $0 > 0 && $0.isFinite })
        for threads in [1, 2, 3] {
            for threading in EstimatorThreading.allCases {
                let threaded = try Self.estimate(flow, threads: threads, threading: threading)
                #expect(threaded.values == serial.values, "\(threads) threads, \(threading)")
                #expect(threaded.standardErrors == serial.standardErrors, "\(threads) threads, \(threading)")
            }
        }
    }

    @Test func repeatsExactlyForAFixedThreadCount() throws {
        let flow = try Self.model(seed: 2)
        let first = try Self.estimate(flow, threads: 2, threading: .acrossChunks)
        for _ in 0..<3 {
            #expect(try Self.estimate(flow, threads: 2, threading: .acrossChunks).values == first.values)
        }
        // Another seed draws other u: the estimates move (a run that ignored the seed would not).
        #expect(try Self.estimate(flow, threads: 2, threading: .acrossChunks, seed: 6).values != first.values)
    }

    @Test func aCallOverAllPointsEqualsCallsOverWholeChunks() throws {
        let flow = try Self.model(seed: 3)
        let x = Self.points(13, seed: 7)
        var whole = SplitMix64(seed: 8), parts = SplitMix64(seed: 8)
        let all = try WorkerPool(threadCount: 2).withCurrent {
            try flow.logLikelihood(x, importanceSamples: 30, rowsPerPass: 60, using: &whole)
        }
        // Groups of 4, 6 and 3 points: two, three and two chunks of at most two points each.
        var pieces: [Double] = []
        for range in [0..<4, 4..<10, 10..<13] {
            pieces += try flow.logLikelihood(x.gatheringRows(range), importanceSamples: 30, rowsPerPass: 60, using: &parts).values
        }
        #expect(pieces == all.values)
        #expect(whole == parts)
    }

    /// In training mode batch norm uses (and updates) batch statistics, so chunks never run at once there.
    @Test func trainingModeRunsOneChunkAtATime() throws {
        let flow = try Self.model(seed: 9, mode: .training)
        let statistics = { (model: FlowDensity) in model.buffers.map(\.value.scalars) }
        let before = statistics(flow)
        let serial = try Self.estimate(flow, threads: 1, threading: .insideProducts)
        #expect(statistics(flow) != before)  // the running averages moved: the passes ran in training mode
        let twin = try Self.model(seed: 9, mode: .training)
        let threaded = try Self.estimate(twin, threads: 3, threading: .acrossChunks)
        // Chunk after chunk, as on one thread: the same estimates and the same running averages.
        #expect(threaded.values == serial.values)
        #expect(statistics(twin) == statistics(flow))
    }
}
