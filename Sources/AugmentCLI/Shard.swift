/// Which part of the items this run processes: `I/N`, `auto` (a Slurm job array) or `auto/N` (a Kubernetes
/// Indexed Job). Items are assigned by a stable hash of their relative path, so the N shards together are
/// exactly the whole set, each item once, whatever machine runs them.
struct Shard: Sendable, Equatable, CustomStringConvertible {
    var index: Int
    var count: Int

    var description: String { "\(index)/\(count)" }

    /// The variables `--shard auto` reads.
    static let slurmVariables = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"]
    /// The variable `--shard auto/N` reads.
    static let kubernetesVariable = "JOB_COMPLETION_INDEX"

    /// Parses a `--shard` value against an environment.
    /// - Throws: a message for a usage error (exit 2).
    static func parse(_ spec: String, environment: [String: String]) throws(UsageError) -> Shard {
        func int(_ s: String?) -> Int? { s.flatMap { Int($0.trimmingCharacters(in: " ")) } }
        if spec == "auto" {
            let values = slurmVariables.map { environment[$0] }
            guard let id = int(values[0]), let min = int(values[1]), let count = int(values[2]), count > 0,
                id >= min, id - min < count
            else {
                let seen = zip(slurmVariables, values).map { "\($0)=\($1 ?? "(unset)")" }.joined(separator: " ")
                throw UsageError(
                    "--shard auto needs a Slurm job array: \(slurmVariables.joined(separator: ", ")) "
                        + "(found \(seen)); use --shard I/N outside Slurm")
            }
            return Shard(index: id - min, count: count)
        }
        let parts = spec.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let count = Int(parts[1]), count > 0 else {
            throw UsageError("--shard '\(spec)': expected I/N (0 <= I < N), auto, or auto/N")
        }
        if parts[0] == "auto" {
            guard let index = int(environment[kubernetesVariable]), index >= 0, index < count else {
                throw UsageError(
                    "--shard auto/\(count) needs a Kubernetes Indexed Job: \(kubernetesVariable) "
                        + "(found \(environment[kubernetesVariable] ?? "(unset)")), between 0 and \(count - 1)")
            }
            return Shard(index: index, count: count)
        }
        guard let index = Int(parts[0]), index >= 0, index < count else {
            throw UsageError("--shard '\(spec)': expected I/N with 0 <= I < N")
        }
        return Shard(index: index, count: count)
    }

    /// The stable 64-bit FNV-1a hash of a relative path.
    static func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// Whether this shard takes the item with this relative path.
    func contains(_ relative: some Collection<UInt8>) -> Bool { Int(Self.hash(relative) % UInt64(count)) == index }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(self.drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
