import ArgumentParser

@main
struct LGF: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lgf", abstract: "Normalising flows and localised generative flows.", subcommands: [Bench.self])
    func run() throws {}
}
