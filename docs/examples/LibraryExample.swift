// The library example: train a localised generative flow (an LGF-MAF, Cornish et al., ICML 2020, Figure 1's
// architecture) for a few Adam steps on points drawn from two rectangles, then estimate its test log-likelihood by
// importance sampling. It needs the core product only (`.product(name: "LocalisedFlows", package: ...)`).
// scripts/check-consumer builds and runs this file, as `main.swift` of a package that depends on this one.
import LocalisedFlows

var generator = SplitMix64(seed: 0)
let target = TwoDimensionalTarget.twoUniforms                        // two rectangles; the optimum is −log 4 = −1.386
let train = Tensor(shape: [1_000, 2], doubles: target.sample(count: 1_000, using: &generator).values)
let test = Tensor(shape: [500, 2], doubles: target.sample(count: 500, using: &generator).values)

let model = try ModelBuilder.build(.figure1LGFMAF(), using: &generator)
let adam = Adam(parameters: model.parameters, learningRate: 1e-3)
for _ in 1...20 {
    let loss = -(try model.elbo(train, drawCount: 1, using: &generator)).mean()   // the ELBO, the paper's Algorithm 1
    adam.update(with: loss.gradients(withRespectTo: adam.parameters.map(\.value)))
}

model.setMode(.evaluation)
let estimate = try model.logLikelihood(test, importanceSamples: 100, using: &generator)
print("LocalisedFlows \(LocalisedFlows.version): LGF-MAF with \(model.parameterCount) parameters")
let rounded = { (value: Double) in (value * 1_000).rounded() / 1_000 }
print("test log-likelihood after 20 steps: \(rounded(estimate.mean)) ± \(rounded(estimate.standardErrorOfMean)) (K = 100)")
