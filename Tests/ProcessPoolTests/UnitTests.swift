import Glibc
import Testing
@testable import ProcessPool

/// Pieces that need no worker process.
@Suite struct FrameTests {
    @Test func aFrameIsLengthKindPayload() {
        var buffer: [UInt8] = []
        Frame.append(.job, [0xAA, 0xBB, 0xCC], to: &buffer)
        #expect(buffer == [3, 0, 0, 0, 1, 0xAA, 0xBB, 0xCC])
        buffer = []
        Frame.append(.success, [UInt8](repeating: 1, count: 0x0102_03), to: &buffer)
        #expect(Array(buffer.prefix(5)) == [0x03, 0x02, 0x01, 0x00, 2])
    }

    @Test func framesAreReassembledFromPieces() throws {
        var stream: [UInt8] = []
        let payloads: [[UInt8]] = [[], [1], Array(repeating: 9, count: 200_000), [0xFF, 0x00]]
        for payload in payloads { Frame.append(.success, payload, to: &stream) }
        let pipe = try Syscall.pipe()
        defer { close(pipe.read) }
        // Write in odd-sized pieces from a thread; read them back frame by frame.
        let bytes = stream
        Syscall.startThread {
            var offset = 0
            while offset < bytes.count {
                let n = min(7919, bytes.count - offset)
                _ = bytes[offset..<(offset + n)].withUnsafeBytes { Syscall.writeAll(pipe.write, $0) }
                offset += n
            }
            close(pipe.write)
        }
        var reader = FrameReader(maxPayload: 1 << 20)
        var received: [[UInt8]] = []
        while true {
            if let frame = try reader.next() {
                #expect(frame.kind == Frame.Kind.success.rawValue)
                received.append(frame.payload)
                continue
            }
            if reader.fill(from: pipe.read) <= 0 { break }
        }
        #expect(received == payloads)
        #expect(reader.bufferedCount == 0)
    }

    @Test func anOversizedHeaderIsRefusedBeforeAllocation() throws {
        let pipe = try Syscall.pipe()
        defer { close(pipe.read); close(pipe.write) }
        let header: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 2]  // 4 GiB announced, 5 bytes sent
        _ = header.withUnsafeBytes { Syscall.writeAll(pipe.write, $0) }
        var reader = FrameReader(maxPayload: 1 << 20)
        _ = reader.fill(from: pipe.read)
        #expect(throws: FrameError.tooLarge(length: Int(UInt32.max), limit: 1 << 20)) { try reader.next() }
    }
}

@Suite struct ConfigurationTests {
    @Test func cpuMaxIsRoundedUpToWholeCores() {
        #expect(PoolConfiguration.parseCPUMax("max 100000\n") == nil)
        #expect(PoolConfiguration.parseCPUMax("100000 100000\n") == 1)
        #expect(PoolConfiguration.parseCPUMax("150000 100000") == 2)
        #expect(PoolConfiguration.parseCPUMax("50000 100000") == 1)
        #expect(PoolConfiguration.parseCPUMax("-1 100000") == nil)  // cgroup v1 "no limit"
        #expect(PoolConfiguration.parseCPUMax("garbage") == nil)
    }

    @Test func availableCoresIsWithinTheAffinityMask() {
        let cores = PoolConfiguration.availableCores()
        #expect(cores >= 1)
        if let affinity = PoolConfiguration.affinityCount() { #expect(cores <= affinity) }
        let defaults = PoolConfiguration()
        #expect(defaults.workers == cores)
        #expect(defaults.effectiveWindow == 2 * cores)
        #expect(defaults.executable == "/proc/self/exe")
        #expect(defaults.arguments == ["--_worker"])
    }

    @Test func outOfRangeSettingsAreRejected() {
        #expect(throws: PoolError.self) { _ = try ProcessPool(PoolConfiguration(workers: 0)) }
        #expect(throws: PoolError.self) { _ = try ProcessPool(PoolConfiguration(window: 0)) }
        #expect(throws: PoolError.self) { _ = try ProcessPool(PoolConfiguration(retries: -1)) }
        #expect(throws: PoolError.self) { _ = try ProcessPool(PoolConfiguration(taskTimeout: .zero)) }
    }

    @Test func workerInvocationIsRecognisedFromTheFirstArgument() {
        #expect(PoolWorker.isWorkerInvocation(["/bin/augment", "--_worker"]))
        #expect(PoolWorker.isWorkerInvocation(["augment", "--w", "x"], flag: "--w"))
        #expect(!PoolWorker.isWorkerInvocation(["augment"]))
        #expect(!PoolWorker.isWorkerInvocation(["augment", "in.png", "--_worker"]))
    }

    @Test func signalsAreNamed() {
        #expect(Signals.name(SIGSEGV) == "SIGSEGV")
        #expect(Signals.name(SIGKILL) == "SIGKILL")
        #expect(Signals.name(SIGILL) == "SIGILL")
        #expect(Signals.name(99) == "SIGRTMIN+\(99 - Int32(__libc_current_sigrtmin()))")
        #expect(PoolError.workerCrashed(signal: 11, name: "SIGSEGV").description == "worker killed by SIGSEGV (signal 11)")
    }
}
