/// What `lgf --version` prints.
enum Version {
    /// The package's version (no release has been tagged yet).
    static let current = "0.1.0"
}
