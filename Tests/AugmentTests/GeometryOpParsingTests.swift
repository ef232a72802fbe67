import Augment
import Foundation
import Testing

/// The geometric ops through both front ends, the `Codable` form and ``OpLimits``.
@Suite struct GeometryOpParsingTests {
    static func json(_ text: String) throws -> Pipeline {
        try Pipeline(json: try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
    }

    @Test func affineReadsTheSameThroughBothFrontEnds() throws {
        let spec = "affine,rotate=-10..10,scale=0.8..1.2,translate=-0.1..0.1,shear=-5..5,resample=bilinear,fill=114,p=0.5"
        let p = try Pipeline(parsing: [spec, "affine,translate=0.2,translate-y=0|0.1,shear-y=3"])
        guard case .affine(let a) = p.ops[0].kind, case .affine(let b) = p.ops[1].kind else {
            Issue.record("not affine: \(p)")
            return
        }
        #expect(a.rotate == .uniform(-10, 10) && a.scale == .uniform(0.8, 1.2) && a.translate == .uniform(-0.1, 0.1))
        #expect(a.translateY == nil && a.shear == .uniform(-5, 5) && a.shearY == .fixed(0))
        #expect(a.resample == .fixed(.bilinear) && a.fill == Fill([114]) && p.ops[0].p == 0.5)
        #expect(b.translate == .fixed(0.2) && b.translateY == .choice([0, 0.1]) && b.shearY == .fixed(3))
        #expect(p.opStrings == [spec, "affine,translate=0.2,translate-y=0|0.1,shear-y=3"])
        let fromJSON = try Self.json(#"""
            {"ops": [{"op": "affine", "rotate": {"uniform": [-10, 10]}, "scale": {"uniform": [0.8, 1.2]},
                      "translate": {"uniform": [-0.1, 0.1]}, "shear": {"uniform": [-5, 5]}, "resample": "bilinear",
                      "fill": [114], "p": 0.5},
                     {"op": "affine", "translate": 0.2, "translate-y": {"choice": [0, 0.1]}, "shear-y": 3}]}
            """#)
        #expect(fromJSON == p)
        #expect(try JSONDecoder().decode(Pipeline.self, from: JSONEncoder().encode(p)) == p)
        #expect(try Pipeline(parsing: ["affine"]).opStrings == ["affine"])
    }

    @Test func aSampledAffineReportsAndReadsBack() throws {
        let p = try Pipeline(parsing: ["affine,rotate=-10..10,scale=0.8..1.2,translate=-0.1..0.1,shear=-5..5"])
        var seen = Set<Double>()
        for i in 0..<200 {
            let s = p.sample(seed: 9, key: Array("k\(i)".utf8), copy: 0)
            guard case .affine(let a)? = s.ops.first else { Issue.record("no affine"); return }
            #expect((-10..<10).contains(a.degrees) && (0.8..<1.2).contains(a.scale))
            #expect((-0.1..<0.1).contains(a.translateX) && (-0.1..<0.1).contains(a.translateY))
            #expect((-5..<5).contains(a.shearX) && a.shearY == 0)
            seen.insert(a.translateX - a.translateY)
            let back = try JSONDecoder().decode(SampledPipeline.self, from: JSONEncoder().encode(s))
            #expect(back == s)
            #expect(try Pipeline(parsing: s.description.split(separator: " ").map(String.init))
                .sample(seed: 0, key: [], copy: 0) == s)
        }
        #expect(seen.count > 150)  // x and y are drawn apart
    }

    @Test(arguments: [
        ("affine=3", "affine without a value"),
        ("affine,scale=0", "'scale' must be within [0.01, 100]"),
        ("affine,shear=85", "'shear' must be within [-80, 80]"),
        ("affine,translate-y=11", "'translate-y' must be within [-10, 10]"),
        ("affine,rotate=1..x", "rotate=DEGREES"),
        ("affine,scale=2..1", "A <= B"),
        ("affine,zoom=2", "a key among rotate, scale"),
        ("affine,resample=lanczos", "resample=nearest|bilinear|bicubic"),
    ])
    func affineErrors(_ spec: String, _ expected: String) {
        let e = #expect(throws: AugmentError.self) { try Pipeline(parsing: [spec]) }
        #expect("\(e.map { "\($0)" } ?? "")".contains(expected), "\(String(describing: e))")
    }

    /// One validation: the same bound refuses the same value through both front ends and the `Codable` form.
    @Test func affineBoundsHoldInEveryFrontEnd() throws {
        let json = #"{"ops": [{"op": "affine", "shear": {"uniform": [-90, 0]}}]}"#
        let e = #expect(throws: AugmentError.self) { try Self.json(json) }
        #expect("\(e.map { "\($0)" } ?? "")".contains("'shear' must be"), "\(String(describing: e))")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Pipeline.self, from: Data(json.utf8)) }
        #expect(throws: AugmentError.self) { try Pipeline(parsing: ["affine,shear=-90..0"]) }
    }
}
