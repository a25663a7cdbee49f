#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A timed region that also records how much CPU *other* processes used meanwhile, by the rule of the
/// PyTorch reference's `cpuguard.py` so that both sides discard disturbed steps alike:
/// foreign cores = (machine-wide busy seconds from `/proc/stat` − this process's user + system seconds
/// from `times()`) / wall seconds, clamped at 0. On a system without `/proc/stat` it reports 0.
struct ForeignLoadRegion {
    private let startWall: Double
    private let startBusy: Double
    private let startOwn: Double
    private let startCPU: Double

    /// Starts the region now.
    init() {
        startBusy = ForeignLoadRegion.machineBusySeconds()
        startOwn = ForeignLoadRegion.ownSeconds()
        startCPU = Stopwatch.processCPUTime()
        startWall = Stopwatch.now()
    }

    /// What the region measured when it ended.
    struct Measurement {
        /// Wall-clock seconds.
        var wall: Double
        /// Process CPU seconds (all threads; nanosecond clock).
        var cpu: Double
        /// Average CPU use of other processes, in cores.
        var foreignCores: Double
    }

    /// Ends the region.
    func finish() -> Measurement {
        let wall = Stopwatch.now() - startWall
        let cpu = Stopwatch.processCPUTime() - startCPU
        let busy = ForeignLoadRegion.machineBusySeconds() - startBusy
        let own = ForeignLoadRegion.ownSeconds() - startOwn
        return Measurement(wall: wall, cpu: cpu, foreignCores: max(0, busy - own) / max(wall, 1e-9))
    }

    /// Runs `body` as one region.
    static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, measurement: Measurement) {
        let region = ForeignLoadRegion()
        let result = try body()
        return (result, region.finish())
    }

    private static let ticksPerSecond: Double = {
        #if canImport(Glibc)
        return Double(sysconf(Int32(_SC_CLK_TCK)))
        #else
        return Double(sysconf(_SC_CLK_TCK))
        #endif
    }()

    /// User + system CPU seconds of this process as `times()` reports them (the reference's `os.times()`).
    private static func ownSeconds() -> Double {
        var usage = tms()
        _ = times(&usage)
        return Double(usage.tms_utime + usage.tms_stime) / ticksPerSecond
    }

    /// Busy seconds of all CPUs since boot: user + nice + system + irq + softirq + steal of `/proc/stat`'s
    /// first line (0 when unavailable).
    private static func machineBusySeconds() -> Double {
        let descriptor = open("/proc/stat", O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 255) }
        guard count > 0 else { return 0 }
        var fields: [Int] = []
        var value = 0, inNumber = false
        for byte in bytes[0..<count] {
            if byte == UInt8(ascii: "\n") { break }
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                inNumber = true
            } else if inNumber {
                fields.append(value)
                value = 0
                inNumber = false
            }
        }
        if inNumber { fields.append(value) }
        guard fields.count >= 8 else { return 0 }
        // user, nice, system, idle, iowait, irq, softirq, steal
        let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
        return Double(busy) / ticksPerSecond
    }
}

/// Memory figures of this process.
enum ResourceUsage {
    /// The peak resident set size so far, in MiB (`getrusage`'s `ru_maxrss`, KiB on Linux).
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        _ = getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
        #else
        _ = getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }
}
