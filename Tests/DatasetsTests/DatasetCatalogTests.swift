import Testing
@testable import Datasets

@Suite struct DatasetCatalogTests {
    @Test func resolvesEveryName() throws {
        #expect(DatasetCatalog.allNames.count == 14)
        for name in DatasetCatalog.allNames { #expect(try DatasetCatalog(name: name).name == name) }
        #expect(try DatasetCatalog(name: "gas") == .uci(.gas))
        #expect(try DatasetCatalog(name: "8gaussians") == .twoDimensional(.eightGaussians))
    }

    @Test func listsTheValidNamesForAnUnknownOne() {
        let error = datasetError { try DatasetCatalog(name: "MINIBOONE") }
        #expect(error == .unknownDataset(name: "MINIBOONE", known: DatasetCatalog.allNames))
        #expect(error?.description == "unknown dataset \"MINIBOONE\"; expected one of 2uniforms, 8gaussians, checkerboard, "
            + "2spirals, rings, 2lines, 2marginals, 1uniform, annulus, split-gaussian, power, gas, hepmass, miniboone")
    }
}
