import Augment
import Foundation
import Testing

@Suite struct PipelineParserTests {
    @Test func parsesTheGrammar() throws {
        let p = try Pipeline(parsing: [
            "rotate=45", "rotate=-20..20,resample=bilinear,p=0.5", "flip=h", "rot90",
            "rotate=0|90|180|270", "flip=h|v,p=0.25", "rotate=12.5,expand=true,fill=1:2:3:4,crop=inscribed",
            "rotate=3,center=10:20.5,resample=nearest|bicubic,expand=true|false", "transverse,p=0",
        ])
        #expect(p.ops.count == 9)
        #expect(p.ops[0] == PipelineOp(.rotate(RotateSpec(degrees: .fixed(45)))))
        var r1 = RotateSpec(degrees: .uniform(-20, 20))
        r1.resample = .fixed(.bilinear)
        #expect(p.ops[1] == PipelineOp(.rotate(r1), p: 0.5))
        #expect(p.ops[2] == PipelineOp(.flip(.fixed(.h))))
        #expect(p.ops[3] == PipelineOp(.fixed(.rotate90)))
        #expect(p.ops[4].kind == .rotate(RotateSpec(degrees: .choice([0, 90, 180, 270]))))
        #expect(p.ops[5] == PipelineOp(.flip(.choice([.h, .v])), p: 0.25))
        guard case .rotate(let r6) = p.ops[6].kind else { Issue.record("not a rotate"); return }
        #expect(r6.expand == .fixed(true) && r6.fill == Fill([1, 2, 3, 4]) && r6.crop == .inscribed)
        guard case .rotate(let r7) = p.ops[7].kind else { Issue.record("not a rotate"); return }
        #expect(r7.center == Point(x: 10, y: 20.5))
        #expect(r7.resample == .choice([.nearest, .bicubic]) && r7.expand == .choice([true, false]))
        #expect(p.ops[8].p == 0)
    }

    @Test func descriptionParsesBack() throws {
        let specs = ["rotate=45", "rotate=-20..20,resample=bilinear,p=0.5", "flip=h", "flip=v", "rot90", "rot180",
                     "rot270", "transpose", "transverse,p=0.1", "rotate=0|90|180|270", "flip=h|v",
                     "rotate=12.5,expand=true,fill=1:2:3:4,center=1.5:2,crop=inscribed-resized"]
        let p = try Pipeline(parsing: specs)
        #expect(p.opStrings == specs)
        #expect(try Pipeline(parsing: p.opStrings) == p)
        #expect(p.description == specs.joined(separator: " "))
    }

    @Test func jsonRoundTrip() throws {
        let p = try Pipeline(parsing: ["rotate=-20..20,resample=bilinear,p=0.5", "flip=h|v", "rot90",
                                       "rotate=10,fill=7,center=1:2,crop=inscribed,expand=true|false"])
        let json = try JSONEncoder().encode(p)
        #expect(try JSONDecoder().decode(Pipeline.self, from: json) == p)
        let text = #"{"ops": [{"op": "rotate", "degrees": {"uniform": [-20, 20]}, "resample": "bilinear", "p": 0.5},"#
            + #" {"op": "flip", "axis": "h"}, {"op": "rot90"}]}"#
        let q = try JSONDecoder().decode(Pipeline.self, from: Data(text.utf8))
        #expect(q.opStrings == ["rotate=-20..20,resample=bilinear,p=0.5", "flip=h", "rot90"])
    }

    @Test(arguments: [
        ("rotate", "rotate=DEGREES"),
        ("rotate=abc", "got 'abc'"),
        ("rotate=20..-20", "A <= B"),
        ("rotate=1..", "got ''"),
        ("rotate=45,resample=lanczos", "resample=nearest|bilinear|bicubic"),
        ("rotate=45,expand=yes", "expand=true|false"),
        ("rotate=45,fill=1:2:300", "fill=R:G:B[:A]"),
        ("rotate=45,crop=outer", "crop=none|inscribed|inscribed-resized"),
        ("rotate=45,center=3", "center=X:Y"),
        ("rotate=45,p=1.5", "'p' must be a probability in [0, 1]"),
        ("rotate=45,speed=2", "a key among resample, expand, fill, crop, center, p"),
        ("rotate=45,p=0.5,p=0.2", "each key once"),
        ("rotate=45,bilinear", "KEY=VALUE"),
        ("flip", "flip=h, flip=v or flip=h|v"),
        ("flip=x", "got 'flip=x'"),
        ("rot90=2", "rot90 without a value"),
        ("rot90,resample=bilinear", "a key among p for rot90"),
        ("spin=3", "an op name among rotate, flip"),
        ("", "an op name among"),
    ])
    func errorsNameTheOpAndWhatWasExpected(_ spec: String, _ expected: String) {
        let e = #expect(throws: AugmentError.self) { try Pipeline(parsing: ["flip=h", spec]) }
        guard case .badOp(let op, let what)? = e else { Issue.record("not badOp: \(String(describing: e))"); return }
        #expect(op == spec)
        #expect(what.contains(expected), "\(what)")
        #expect(e!.description.contains("bad op '\(spec)'"))
    }
}
