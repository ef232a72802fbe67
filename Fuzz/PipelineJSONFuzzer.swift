// libFuzzer target for the pipeline JSON front end (`--pipeline FILE`): Foundation's JSONDecoder into a
// `JSONValue`, then `Pipeline(json:)` with its field checks and `PipelineOp.validate()`.
//
// Built by scripts/dev/fuzz with `swiftc -sanitize=fuzzer,address -parse-as-library` over Sources/Augment plus this
// file. For bad input the front end must throw (AugmentError naming the op and the field); a trap is a bug. When
// the document is accepted, the harness checks what the CLI then does with it: the pipeline survives the JSON the
// parent sends its workers (`Codable` round trip, the same validation), its op strings parse back to it, and
// sampling, `outputSize` and `affine` do not trap for a few shapes.
// Compiled into the same module as Sources/Augment (no `import Augment`).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let json = try? JSONDecoder().decode(JSONValue.self, from: bytes) else { return 0 }
    let pipeline: Pipeline
    do {
        pipeline = try Pipeline(json: json)
    } catch {
        precondition("\(error)".hasPrefix("bad pipeline: "), "unexpected error \(error)")
        return 0
    }
    let encoded = try! JSONEncoder().encode(pipeline)
    let decoded = try! JSONDecoder().decode(Pipeline.self, from: encoded)
    precondition(decoded == pipeline, "the workers' JSON changed \(pipeline)")
    let again = try! Pipeline(parsing: pipeline.opStrings)
    precondition(again == pipeline, "op strings \(pipeline.opStrings) parse back to \(again.opStrings)")
    for copy in 0..<3 {
        let sampled = pipeline.sample(seed: UInt64(size), key: Array(bytes.prefix(16)), copy: copy)
        for (w, h) in [(1, 1), (7, 5), (640, 480)] {
            let out = sampled.outputSize(width: w, height: h)
            precondition(out.width >= 0 && out.height >= 0, "negative output size \(out) for \(sampled)")
            _ = sampled.affine(width: w, height: h)
        }
    }
    return 0
}
