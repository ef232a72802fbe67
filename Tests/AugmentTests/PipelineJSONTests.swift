import Augment
import Foundation
import Testing

/// The checked JSON front end (`--pipeline`) and the validation it shares with the `--op` grammar.
@Suite struct PipelineJSONTests {
    static func pipeline(_ text: String) throws -> Pipeline {
        try Pipeline(json: try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
    }

    @Test func aDocumentReadsAsTheGrammarDoes() throws {
        let json = try Self.pipeline(#"{"ops": [{"op": "rotate", "degrees": {"uniform": [-20, 20]}, "resample": "bilinear", "p": 0.5}, {"op": "flip", "axis": {"choice": ["h", "v"]}}]}"#)
        #expect(json == (try Pipeline(parsing: ["rotate=-20..20,resample=bilinear,p=0.5", "flip=h|v"])))
    }

    /// A one-value choice is that value, as `rotate=19` is (found by the pipeline fuzzer: op strings that did
    /// not read back to the same pipeline).
    @Test func aOneValueChoiceIsThatValue() throws {
        let p = try Self.pipeline(#"{"ops": [{"op": "rotate", "degrees": {"choice": [19]}, "expand": {"choice": [true]}}]}"#)
        #expect(p == (try Pipeline(parsing: p.opStrings)))
        #expect(p.opStrings == ["rotate=19,expand=true"])
    }

    /// One validation: the same bound refuses the same value through both front ends.
    @Test(arguments: [
        (#"{"op": "rotate", "degrees": 4000}"#, "rotate=4000", "degrees"),
        (#"{"op": "rotate", "degrees": 5, "center": {"x": 2e6, "y": 0}}"#, "rotate=5,center=2000000:0", "center"),
        (#"{"op": "flip", "axis": "h", "p": 1.5}"#, "flip=h,p=1.5", "p"),
    ])
    func bothFrontEndsRefuseTheSameValue(_ json: String, _ op: String, _ field: String) throws {
        let fromJSON = #expect(throws: AugmentError.self) { try Self.pipeline(#"{"ops": ["# + json + "]}") }
        let fromGrammar = #expect(throws: AugmentError.self) { try Pipeline(parsing: [op]) }
        #expect("\(fromJSON.map { "\($0)" } ?? "")".contains("'\(field)' must be"), "\(String(describing: fromJSON))")
        #expect("\(fromGrammar.map { "\($0)" } ?? "")".contains("'\(field)' must be"), "\(String(describing: fromGrammar))")
    }

    /// The workers' configuration (the `Codable` form) holds the same bounds.
    @Test func theCodableFormIsValidatedToo() throws {
        let text = #"{"ops": [{"op": "rotate", "degrees": 5, "center": {"x": 1e100, "y": 0}}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Pipeline.self, from: Data(text.utf8)) }
    }
}
