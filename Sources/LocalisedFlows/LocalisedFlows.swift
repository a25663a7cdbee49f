// The core library in one import: `import LocalisedFlows` brings in tensors and autodiff, networks and Adam, flows
// and localised generative flows (Cornish et al., ICML 2020), datasets and seeded random numbers. It needs
// OpenBLAS and zlib only; figures (`LocalisedFlowsPlots`), MPI (`LocalisedFlowsDistributed`) and the experiment
// layers (`LocalisedFlowsExperiments`: checkpoints, configurations, runs, training, figures, sweeps, reports) are separate products.
@_exported import Datasets
@_exported import Flows
@_exported import Networks
@_exported import SeededRandom
@_exported import Tensors

/// This package's version, `LocalisedFlows.version` (semantic versioning; CHANGELOG.md says what each version changed).
/// `lgf --version` prints it.
public let version = "0.1.0"
