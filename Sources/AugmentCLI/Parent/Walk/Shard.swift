/// Which part of the items this run processes: `I/N`, `auto` (a whole Slurm job array) or `auto/N` (a
/// Kubernetes Indexed Job, or any part of a Slurm job array). Items are assigned by a stable hash of their
/// relative path, so the N shards together are exactly the whole set, each item once, whatever machine runs them.
struct Shard: Sendable, Equatable, CustomStringConvertible {
    var index: Int
    var count: Int

    var description: String { "\(index)/\(count)" }

    /// The variables `--shard auto` reads.
    static let slurmVariables = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"]
    /// The variable `--shard auto/N` reads on Kubernetes (an Indexed Job).
    static let kubernetesVariable = "JOB_COMPLETION_INDEX"
    /// The variable `--shard auto/N` reads under Slurm (the array index is the shard).
    static let slurmIndexVariable = "SLURM_ARRAY_TASK_ID"

    /// Parses a `--shard` value against an environment.
    ///
    /// `auto` takes N from the array itself, so it only holds for a whole array `0-(N-1)`: a resubmitted part
    /// (`sbatch --array=5`) cannot know N, and is refused with a pointer to `auto/N`, which holds for any part.
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
            let max = int(environment["SLURM_ARRAY_TASK_MAX"]) ?? (min + count - 1)
            guard min == 0, max == count - 1 else {
                throw UsageError(
                    "--shard auto: this job array (indices \(min)-\(max), \(count) task(s)) is not a whole array "
                        + "0-(N-1), so it cannot tell N (a resubmitted part of an array?); use --shard auto/N with N "
                        + "the number of shards of the whole run")
            }
            return Shard(index: id, count: count)
        }
        let parts = spec.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let count = Int(parts[1]), count > 0, count <= 1_000_000 else {
            throw UsageError("--shard '\(spec)': expected I/N (0 <= I < N <= 1000000), auto, or auto/N")
        }
        if parts[0] == "auto" {
            let variable = environment[kubernetesVariable] != nil ? kubernetesVariable : slurmIndexVariable
            guard let index = int(environment[variable]), index >= 0, index < count else {
                throw UsageError(
                    "--shard auto/\(count) needs a Kubernetes Indexed Job (\(kubernetesVariable)) or a Slurm job "
                        + "array (\(slurmIndexVariable)) with an index between 0 and \(count - 1) (found "
                        + "\(kubernetesVariable)=\(environment[kubernetesVariable] ?? "(unset)") "
                        + "\(slurmIndexVariable)=\(environment[slurmIndexVariable] ?? "(unset)"))")
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
