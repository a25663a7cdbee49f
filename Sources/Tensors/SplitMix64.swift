import SeededRandom

/// The generator every random draw in LocalisedFlows comes from; it lives in `SeededRandom`, the package's lowest
/// target, so that `Datasets` and the tests that import neither `Tensors` nor each other share one implementation.
public typealias SplitMix64 = SeededRandom.SplitMix64
