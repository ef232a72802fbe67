import Augment
import Foundation

/// The ops of a run, from `--op` strings or a `--pipeline` file: both checked by the same validation
/// (``PipelineOp/validate()``), every mistake a usage error of one sentence.
enum PipelineSource {
    static func load(ops: [String], file: String?) throws(UsageError) -> Pipeline {
        guard let file else {
            do { return try Pipeline(parsing: ops) } catch { throw UsageError("\(error)") }
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageError("cannot read the pipeline file \(file)")
        }
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw UsageError("\(file): not valid JSON: \(jsonSyntaxError(data))")
        }
        do {
            return try Pipeline(json: json)
        } catch {
            throw UsageError("\(file): \(error.description.replacingOccurrences(of: "bad pipeline: ", with: ""))")
        }
    }

    /// The cause of a JSON syntax error, with its line and column, without Swift's `DecodingError` dump
    /// (`JSONDecoder` drops the cause; `JSONSerialization` says "Invalid value around character 8").
    static func jsonSyntaxError(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "not a JSON document"
        } catch let error as NSError {
            var text = (error.userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
            if text.hasSuffix(".") { text.removeLast() }
            if let r = text.range(of: "around character "), let offset = Int(text[r.upperBound...]) {
                let before = data.prefix(offset)
                let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
                let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
                text = String(text[..<r.lowerBound]) + "at line \(line), column \(column)"
            }
            return text
        }
    }
}
