import Foundation
import Testing

/// Runs the built `augment` binary and makes scratch folders for the end-to-end tests.
enum CLI {
    /// The repository root, from this file's location.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fixture(_ relative: String) -> String { root + "/Fixtures/" + relative }

    /// The `augment` executable next to the test bundle (the same build folder).
    static let binary: String = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("augment").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return root + "/.build/debug/augment"
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs augment with `arguments`; `environment` entries are added to the current environment, or to
    /// `replacingEnvironment` when given (then the child sees exactly that environment plus `environment`, nothing
    /// inherited from the test process).
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:],
                    replacingEnvironment: [String: String]? = nil, stdin: Data? = nil,
                    timeout: Double = 120) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = replacingEnvironment ?? ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Read standard error on another thread: a child that fills one pipe while we drain the other would
        // otherwise block forever.
        let errBox = DataBox()
        let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); errBox.done.signal() }
        reader.start()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errBox.done.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh scratch folder.
    static func scratch(_ name: String = #function) throws -> String {
        let clean = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "augment-e2e-\(getpid())-\(clean)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func copy(_ fixture: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.fixture(fixture), toPath: path)
    }

    /// Every regular file under `dir`, relative, sorted, with its bytes (raw names via readdir).
    static func tree(_ dir: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                result[rel] = FileManager.default.contents(atPath: dir + "/" + rel)
            }
        }
        return result
    }

    /// The report's rows, parsed.
    static func reportRows(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}

/// Standard error read by a helper thread, handed over through a semaphore.
private final class DataBox: @unchecked Sendable {  // written once by the reader before `done` is signalled
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}
