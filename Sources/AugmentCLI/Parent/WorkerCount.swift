import ProcessPool

/// How many worker processes a run starts: `-j N`, or the cores this process may use (CPU affinity and cgroup
/// quota respected). More than ``maximumPerCore`` per usable core only adds processes that wait for a core (and
/// memory for each): such a `-j` is lowered to that, with a warning line.
enum WorkerCount {
    /// The most workers per usable core.
    static let maximumPerCore = 8

    /// The worker count for `-j` (nil: the usable cores); prints a warning when `-j` is lowered.
    static func resolve(_ requested: Int?) -> Int {
        let cores = max(1, PoolConfiguration.availableCores())
        guard let requested else { return cores }
        let cap = maximumPerCore * cores
        if requested > cap {
            StandardError.write("augment: warning: -j \(requested) is more than \(maximumPerCore) workers per usable core "
                           + "(\(cores) core\(cores == 1 ? "" : "s")); starting \(cap)\n")
            return cap
        }
        return requested
    }
}
