import Testing
@testable import Datasets

@Suite struct DataDirectoryTests {
    private let environment = ["LGF_DATA_DIR": "/data/lgf", "XDG_DATA_HOME": "/xdg", "HOME": "/home/user"]

    @Test func prefersTheExplicitPath() {
        #expect(DataDirectory.resolve(explicitPath: "here", environment: environment).path == "here")
    }

    @Test func thenTheEnvironmentVariable() {
        #expect(DataDirectory.resolve(environment: environment).path == "/data/lgf")
    }

    @Test func thenXDGDataHome() {
        var environment = environment
        environment["LGF_DATA_DIR"] = ""
        #expect(DataDirectory.resolve(environment: environment).path == "/xdg/lgf/data")
    }

    @Test func thenTheHomeFolder() {
        #expect(DataDirectory.resolve(environment: ["HOME": "/home/user/"]).path == "/home/user/.local/share/lgf/data")
    }

    @Test func joinsRelativePaths() {
        #expect(DataDirectory(path: "/d").path(of: "gas/ethylene_CO.txt") == "/d/gas/ethylene_CO.txt")
        #expect(DataDirectory(path: "/d/").path(of: "x.npy") == "/d/x.npy")
    }
}
