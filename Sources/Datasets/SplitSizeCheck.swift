/// Whether a UCI loader compares its split sizes with the published ones (the MAF code's splits; Papamakarios et al. 2017, §4).
public enum SplitSizeCheck: Sendable {
    /// Throw `DatasetError.unexpectedSplitSizes` unless the sizes and dimension are the published ones:
    /// this catches a truncated download or a different file. The default.
    case canonical
    /// Accept any size (for small files in the canonical formats, e.g. in tests).
    case skipped
}
