import Glibc

/// The jobs the test worker understands: `[opcode] + argument`.
enum TestJob {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func handle(_ job: [UInt8], counter: inout Int) throws -> [UInt8] {
        guard let opcode = job.first else { return [] }
        let argument = Array(job.dropFirst())
        let text = String(decoding: argument, as: UTF8.self)
        switch opcode {
        case UInt8(ascii: "E"):  // echo
            return argument
        case UInt8(ascii: "S"):  // "S<ms>[:anything]": sleep that long, then echo the argument
            usleep(useconds_t((Int(text.prefix(while: \.isNumber)) ?? 0) * 1000))
            return argument
        case UInt8(ascii: "K"):  // SIGKILL itself
            kill(getpid(), SIGKILL)
        case UInt8(ascii: "V"):  // a real segmentation fault
            let pointer = UnsafeMutablePointer<Int>(bitPattern: 8)
            pointer!.pointee = 42
        case UInt8(ascii: "T"):  // a Swift trap (SIGILL on x86-64, SIGTRAP on AArch64)
            let empty: [Int] = []
            return [UInt8(truncatingIfNeeded: empty[argument.count + 1])]
        case UInt8(ascii: "X"):  // exit(N)
            exit(Int32(text) ?? 1)
        case UInt8(ascii: "H"):  // hang
            while true { pause() }
        case UInt8(ascii: "L"):  // a large result of N bytes: i % 251
            let count = Int(text) ?? 0
            return (0..<count).map { UInt8(truncatingIfNeeded: $0 % 251) }
        case UInt8(ascii: "F"):  // throw
            throw Failure(description: text)
        case UInt8(ascii: "P"):  // a stray print to stdout, then echo
            print("stray output that must not reach the frame pipe")
            fflush(nil)
            return argument
        case UInt8(ascii: "I"):  // this worker's pid
            return Array(String(getpid()).utf8)
        case UInt8(ascii: "C"):  // state kept across jobs
            counter += 1
            return Array(String(counter).utf8)
        case UInt8(ascii: "O"):  // crash the first time (marker file at PATH absent), succeed the second
            let fd = open(text, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                close(fd)
                kill(getpid(), SIGKILL)
            }
            return Array("second try".utf8)
        default:
            throw Failure(description: "unknown opcode \(opcode)")
        }
        return []
    }
}
