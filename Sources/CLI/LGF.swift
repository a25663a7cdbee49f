import ArgumentParser

@main
struct LGF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lgf",
        abstract: "Normalising flows and localised generative flows (Cornish et al., ICML 2020).",
        version: Version.current,
        subcommands: [Demo.self, Train.self, Evaluate.self, Sample.self, Describe.self, Plot.self, Bench.self,
                      Sweep.self, ReportCommand.self, Unlock.self,
                      DistributedCheck.self])
}
