import Glibc

extension PoolConfiguration {
    /// The default of ``workers``: ``availableCores()``.
    public static var defaultWorkerCount: Int { availableCores() }

    /// The number of cores this process may use: the CPUs in its affinity mask (`sched_getaffinity`), capped by
    /// the cgroup CPU quota (`cpu.max` in cgroup v2, `cpu.cfs_quota_us` in v1), rounded up; at least 1.
    public static func availableCores() -> Int {
        var cores = affinityCount() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let quota = cgroupCPULimit() { cores = min(cores, quota) }
        return max(1, cores)
    }

    /// CPUs in this process's affinity mask, or `nil` if it cannot be read.
    static func affinityCount() -> Int? {
        guard let getaffinity = GNU.schedGetaffinity else { return nil }
        var mask = [UInt64](repeating: 0, count: 64)  // 4096 CPUs
        let rc = mask.withUnsafeMutableBytes { getaffinity(0, $0.count, $0.baseAddress!) }
        guard rc == 0 else { return nil }
        let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        return count > 0 ? count : nil
    }

    /// The tightest cgroup CPU quota on the path from this process's cgroup to the root, in whole cores.
    static func cgroupCPULimit() -> Int? {
        var limits: [Int] = []
        // cgroup v2: "0::/some/path" in /proc/self/cgroup; quotas in cpu.max along the path.
        if let membership = readSmallFile("/proc/self/cgroup"),
            let line = membership.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        {
            var path = String(line.dropFirst(3))
            while true {
                let dir = path == "/" || path.isEmpty ? "/sys/fs/cgroup" : "/sys/fs/cgroup" + path
                if let text = readSmallFile(dir + "/cpu.max"), let limit = parseCPUMax(text) { limits.append(limit) }
                guard let slash = path.lastIndex(of: "/"), path != "/" else { break }
                path = String(path[..<slash])
                if path.isEmpty { path = "/" }
            }
        }
        // cgroup v1
        if let quota = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
            let period = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
            let limit = parseCPUMax(quota + " " + period)
        {
            limits.append(limit)
        }
        return limits.min()
    }

    /// Parses cgroup v2 `cpu.max` ("max 100000" or "150000 100000") into whole cores, rounded up;
    /// `nil` when there is no limit or the text is malformed.
    static func parseCPUMax(_ text: String) -> Int? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0
        else { return nil }
        return max(1, (quota + period - 1) / period)
    }

    /// The contents of a small text file (procfs, cgroupfs), or `nil`.
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n >= 0 else { return nil }
        return String(decoding: bytes[..<n], as: UTF8.self)
    }
}
