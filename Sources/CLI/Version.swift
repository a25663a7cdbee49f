import LocalisedFlows

/// What `lgf --version` prints: the library's version, said in one place.
enum Version {
    static let current = LocalisedFlows.version
}
