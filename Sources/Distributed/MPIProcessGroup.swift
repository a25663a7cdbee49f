import CMPI
import Foundation

/// The ranks of an MPI job (Open MPI through Debian's `libopenmpi-dev`, or a cluster's own MPI), in
/// `MPI_COMM_WORLD`. MPI is initialised once per process, only when a launcher started it, with errors returned
/// rather than aborting, and finalised at exit.
public final class MPIProcessGroup: ProcessGroup {
    public let rank: Int
    public let size: Int

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Environment variables by which MPI launchers tell a process it is one of several: Open MPI's `mpirun`,
    /// PMIx (Open MPI 4+, Slurm's `srun --mpi=pmix`) and PMI (MPICH, Intel MPI).
    static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"]

    /// Prefixes of the variables by which launchers reach their ranks: a process a rank starts (a training run of a
    /// sweep) must not inherit them, or it would take itself for a rank of the job.
    public static let launcherVariablePrefixes = ["OMPI_", "PMIX_", "PMI_"]

    /// `environment` without the launcher's variables.
    public static func environmentForChildProcess(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        environment.filter { key, _ in !launcherVariablePrefixes.contains { key.hasPrefix($0) } }
    }

    /// Whether an MPI launcher started this process, judged from `environment`.
    public static func isLaunched(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        launcherVariables.contains { environment[$0] != nil }
    }

    /// The job this process belongs to: initialises MPI (the first time) and reads rank and size.
    ///
    /// - Throws: `DistributedError.mpiFailure` when MPI cannot start.
    static func start() throws -> MPIProcessGroup {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            var provided: Int32 = 0
            // Only the thread that called init makes MPI calls; worker threads do arithmetic only.
            try check(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided), "MPI_Init_thread")
            try check(MPI_Comm_set_errhandler(lgf_mpi_comm_world(), lgf_mpi_errors_return()), "MPI_Comm_set_errhandler")
            atexit {
                var finalized: Int32 = 0
                MPI_Finalized(&finalized)
                if finalized == 0 { MPI_Finalize() }
            }
        }
        var rank: Int32 = 0, size: Int32 = 0
        try check(MPI_Comm_rank(lgf_mpi_comm_world(), &rank), "MPI_Comm_rank")
        try check(MPI_Comm_size(lgf_mpi_comm_world(), &size), "MPI_Comm_size")
        return MPIProcessGroup(rank: Int(rank), size: Int(size))
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        guard let base = values.baseAddress, size > 1 else { return }
        try Self.check(MPI_Allreduce(lgf_mpi_in_place(), base, try Self.count(values.count), lgf_mpi_float(), lgf_mpi_sum(), lgf_mpi_comm_world()), "MPI_Allreduce")
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        guard let base = values.baseAddress, size > 1 else { return }
        try Self.check(MPI_Allreduce(lgf_mpi_in_place(), base, try Self.count(values.count), lgf_mpi_double(), lgf_mpi_sum(), lgf_mpi_comm_world()), "MPI_Allreduce")
    }

    public func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] {
        guard (0..<size).contains(root) else { throw DistributedError.invalidRank(root, size: size) }
        // The length first, so that other ranks can size their buffers.
        var length = [Int64(bytes.count)]
        try length.withUnsafeMutableBytes { buffer in
            try Self.check(MPI_Bcast(buffer.baseAddress, 8, lgf_mpi_byte(), Int32(root), lgf_mpi_comm_world()), "MPI_Bcast")
        }
        var result = rank == root ? bytes : [UInt8](repeating: 0, count: Int(length[0]))
        guard !result.isEmpty else { return result }
        let count = try Self.count(result.count)
        try result.withUnsafeMutableBytes { buffer in
            try Self.check(MPI_Bcast(buffer.baseAddress, count, lgf_mpi_byte(), Int32(root), lgf_mpi_comm_world()), "MPI_Bcast")
        }
        return result
    }

    public func send(_ bytes: [UInt8], to destination: Int, tag: Int) throws {
        guard (0..<size).contains(destination) else { throw DistributedError.invalidRank(destination, size: size) }
        let count = try Self.count(bytes.count)
        try bytes.withUnsafeBytes { buffer in
            try Self.check(MPI_Send(buffer.baseAddress, count, lgf_mpi_byte(), Int32(destination), Int32(tag), lgf_mpi_comm_world()), "MPI_Send")
        }
    }

    public func receive(from source: Int?, tag: Int?) throws -> (bytes: [UInt8], source: Int, tag: Int) {
        if let source, !(0..<size).contains(source) { throw DistributedError.invalidRank(source, size: size) }
        var status = MPI_Status()
        let sourceCode = source.map(Int32.init) ?? lgf_mpi_any_source(), tagCode = tag.map(Int32.init) ?? lgf_mpi_any_tag()
        // Probe first: the message's length sizes the buffer.
        try Self.check(MPI_Probe(sourceCode, tagCode, lgf_mpi_comm_world(), &status), "MPI_Probe")
        var count: Int32 = 0
        try Self.check(MPI_Get_count(&status, lgf_mpi_byte(), &count), "MPI_Get_count")
        var bytes = [UInt8](repeating: 0, count: Int(count))
        let (from, messageTag) = (status.MPI_SOURCE, status.MPI_TAG)
        try bytes.withUnsafeMutableBytes { buffer in
            try Self.check(MPI_Recv(buffer.baseAddress, count, lgf_mpi_byte(), from, messageTag, lgf_mpi_comm_world(), lgf_mpi_status_ignore()), "MPI_Recv")
        }
        return (bytes, Int(from), Int(messageTag))
    }

    public func hasMessage(from source: Int?, tag: Int?) throws -> Bool {
        if let source, !(0..<size).contains(source) { throw DistributedError.invalidRank(source, size: size) }
        var flag: Int32 = 0
        var status = MPI_Status()
        try Self.check(MPI_Iprobe(source.map(Int32.init) ?? lgf_mpi_any_source(), tag.map(Int32.init) ?? lgf_mpi_any_tag(),
                                  lgf_mpi_comm_world(), &flag, &status), "MPI_Iprobe")
        return flag != 0
    }

    public func barrier() throws {
        try Self.check(MPI_Barrier(lgf_mpi_comm_world()), "MPI_Barrier")
    }

    /// Ends every rank of the job now (`MPI_Abort`), for a rank that cannot go on: the others may be waiting in a
    /// collective this one will never join, and finalising MPI at exit would wait for them instead.
    public func abort(exitCode: Int32) -> Never {
        MPI_Abort(lgf_mpi_comm_world(), exitCode)
        exit(exitCode)   // MPI_Abort does not return in Open MPI; this keeps the promise if another MPI's does
    }

    /// `count` as MPI's `int`.
    private static func count(_ count: Int) throws -> Int32 {
        guard count <= Int(Int32.max) else { throw DistributedError.messageTooLarge(byteCount: count) }
        return Int32(count)
    }

    /// Throws when an MPI call did not return `MPI_SUCCESS`, with MPI's own text for the code.
    private static func check(_ code: Int32, _ operation: String) throws {
        guard code != MPI_SUCCESS else { return }
        var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &text, &length)
        throw DistributedError.mpiFailure(operation: operation, code: code, message: String(decoding: text.prefix(Int(max(length, 0))).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
