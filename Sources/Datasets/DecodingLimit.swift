/// The memory that decoding input files may take, checked against what a file's header declares before anything of
/// that size is allocated, so that a hostile header (a PNG that says 65536 × 65536, a small gzip stream that inflates
/// to gigabytes) is refused with an error instead of ending the process.
public struct DecodingLimit: Sendable, Equatable {
    /// Bytes.
    public var bytes: Int

    public init(bytes: Int) { self.bytes = max(bytes, 0) }

    /// 8 GiB, the standard memory limit of a run.
    public static let standard = DecodingLimit(bytes: 8 << 30)

    /// The limit left once `used` bytes are taken.
    func remaining(after used: Int) -> DecodingLimit { DecodingLimit(bytes: bytes - used) }

    /// Checks that decoding `what` of `path` may take `needed` bytes.
    /// - Throws: `DatasetError.exceedsMemoryLimit`.
    func check(_ needed: Int, for what: String, of path: String) throws {
        guard needed <= bytes else { throw DatasetError.exceedsMemoryLimit(path: path, what: what, neededBytes: needed, limitBytes: bytes) }
    }
}
