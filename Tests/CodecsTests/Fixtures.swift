import Foundation

/// Paths of the bundled fixtures, found from this file's location.
enum FixturePaths {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures").path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The reference checksums made by scripts/fixtures/make-codec-refs.py.
    static let references: [String: Reference] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: path("codec-refs.json")))
        return try! JSONDecoder().decode([String: Reference].self, from: data)
    }()

    static func files(in folder: String, suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(folder))) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { folder + "/" + $0 }
    }
}

/// One entry of Fixtures/codec-refs.json.
struct Reference: Decodable, Sendable {
    var width: Int?, height: Int?, channels: Int?, depth: Int?
    var sha256: String?
    var reference: String?
    var error: Bool?
}
