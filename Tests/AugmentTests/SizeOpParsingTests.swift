import Augment
import Foundation
import Testing

/// The size-changing ops through both front ends, the `Codable` form, the sampled report and ``OpLimits``.
@Suite struct SizeOpParsingTests {
    static let specs = ["resize=640x480", "resize=short:256,resample=bicubic", "resize=long:640,resample=nearest|lanczos",
                        "resize=fit:320x320,p=0.5", "crop=224x224", "crop=100x50,at=random,fill=1:2:3",
                        "crop=10x10,at=0.25:0.5", "pad=640x640", "pad=64x32,fill=114", "letterbox=640x640",
                        "letterbox=320x256,fill=0:0:0,resample=nearest",
                        "random-resized-crop=224x224", "random-resized-crop=64x48,scale=0.5..1,ratio=0.75..1.333,resample=bicubic",
                        "random-resized-crop=32x32,draw=0.25"]

    @Test func opStringsReadBackThroughEveryForm() throws {
        let p = try Pipeline(parsing: Self.specs)
        #expect(p.opStrings == Self.specs)
        #expect(try JSONDecoder().decode(Pipeline.self, from: JSONEncoder().encode(p)) == p)
        let json = try JSONEncoder().encode(p)
        #expect(try Pipeline(json: try JSONDecoder().decode(JSONValue.self, from: json)) == p)
        guard case .resize(let r) = p.ops[1].kind, case .crop(let c) = p.ops[5].kind,
            case .randomResizedCrop(let rrc) = p.ops[12].kind
        else { Issue.record("kinds: \(p)"); return }
        #expect(r.target == .short(256) && r.resample == .fixed(.bicubic))
        #expect(c.at == .random && c.fill == Fill([1, 2, 3]) && c.width == 100 && c.height == 50)
        #expect(rrc.scale == [0.5, 1] && rrc.ratio == [0.75, 1.333] && rrc.draw == nil)
    }

    @Test func theCheckedJSONReadsTheDocumentedForm() throws {
        let text = #"""
            {"ops": [{"op": "resize", "size": "short:256", "resample": "bicubic"},
                     {"op": "crop", "size": "224x224", "at": "random"},
                     {"op": "crop", "size": "10x10", "at": [0.25, 0.5]},
                     {"op": "letterbox", "size": "640x640"},
                     {"op": "random-resized-crop", "size": "64x48", "scale": [0.5, 1], "ratio": [0.75, 1.333],
                      "resample": "bicubic"}]}
            """#
        let p = try Pipeline(json: try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
        #expect(p.opStrings == ["resize=short:256,resample=bicubic", "crop=224x224,at=random", "crop=10x10,at=0.25:0.5",
                                "letterbox=640x640", "random-resized-crop=64x48,scale=0.5..1,ratio=0.75..1.333,resample=bicubic"])
    }

    /// The report: random placements show their unit draws, which read back to the same op; the box is resolved
    /// against the size deterministically.
    @Test func sampledOpsReportTheirDrawsAndReadBack() throws {
        let p = try Pipeline(parsing: ["crop=20x10,at=random", "random-resized-crop=16x16,resample=nearest|bilinear",
                                       "resize=long:50,resample=box|lanczos"])
        var boxes = Set<[Int]>()
        for i in 0..<200 {
            let s = p.sample(seed: 3, key: Array("k\(i)".utf8), copy: 0)
            #expect(s.ops.count == 3)
            let back = try JSONDecoder().decode(SampledPipeline.self, from: JSONEncoder().encode(s))
            #expect(back == s)
            #expect(try Pipeline(parsing: s.description.split(separator: " ").map(String.init)).sample(seed: 0, key: [], copy: 0) == s)
            guard case .crop(let c) = s.ops[0], let at = c.at, case .randomResizedCrop(let r) = s.ops[1] else {
                Issue.record("\(s)"); return
            }
            #expect((0..<1).contains(at.x) && (0..<1).contains(at.y) && (0..<1).contains(r.draw))
            let (x0, y0) = c.origin(width: 37, height: 23)
            #expect((0...17).contains(x0) && (0...13).contains(y0))
            let b = r.box(width: 20, height: 10)
            #expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 20 && b.y + b.height <= 10)
            boxes.insert([b.x, b.y, b.width, b.height])
            #expect(s.outputSize(width: 37, height: 23) == (50, 50))
        }
        #expect(boxes.count > 50)
    }

    @Test func resizeTargets() {
        #expect(ResizeTarget.short(256).outputSize(width: 640, height: 480) == (341, 256))
        #expect(ResizeTarget.short(256).outputSize(width: 480, height: 640) == (256, 341))
        #expect(ResizeTarget.long(640).outputSize(width: 1920, height: 1080) == (640, 360))
        #expect(ResizeTarget.long(640).outputSize(width: 1000, height: 1920) == (333, 640))
        #expect(ResizeTarget.fit(width: 640, height: 640).outputSize(width: 1920, height: 1080) == (640, 360))
        #expect(ResizeTarget.fit(width: 100, height: 100).outputSize(width: 3, height: 1000) == (1, 100))
    }

    @Test(arguments: [
        ("resize", "resize=WxH, short:S, long:L or fit:WxH"),
        ("resize=12", "resize=WxH, short:S"),
        ("resize=0x10", "'size' must be sides within [1, 65535]"),
        ("resize=10x10,resample=cubic", "resample=nearest|box|bilinear|hamming|bicubic|lanczos"),
        ("crop=10x10,at=middle", "at=center, at=random or at=FX:FY"),
        ("crop=10x10,at=1.5:0", "'at' must be fractions within [0, 1]"),
        ("pad=10x10,at=random", "a key among fill, p"),
        ("letterbox=10x10,resample=nearest|bilinear", "one resample filter"),
        ("random-resized-crop=8x8,scale=0..1", "'scale' must be a range"),
        ("random-resized-crop=8x8,ratio=2..1", "A <= B"),
        ("random-resized-crop=8x8,draw=1", "'draw' must be a number in [0, 1)"),
    ])
    func errors(_ spec: String, _ expected: String) {
        let e = #expect(throws: AugmentError.self) { try Pipeline(parsing: [spec]) }
        #expect("\(e.map { "\($0)" } ?? "")".contains(expected), "\(String(describing: e))")
    }

    @Test func boundsHoldInEveryFrontEnd() throws {
        let json = #"{"ops": [{"op": "resize", "size": "0x10"}]}"#
        #expect(throws: AugmentError.self) { try Pipeline(json: try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Pipeline.self, from: Data(json.utf8)) }
        let unknown = #"{"ops": [{"op": "crop", "size": "10x10", "scale": [0, 1]}]}"#
        let e = #expect(throws: AugmentError.self) { try Pipeline(json: try JSONDecoder().decode(JSONValue.self, from: Data(unknown.utf8))) }
        #expect("\(e.map { "\($0)" } ?? "")".contains("unknown key 'scale'"))
    }

    /// Masks: nearest resizing and the mask's fill; the geometry is the image's.
    @Test func masksTakeNearestAndTheMaskFill() throws {
        let p = try Pipeline(parsing: ["resize=30x20,resample=lanczos", "letterbox=64x64", "crop=70x70", "pad=80x80",
                                       "random-resized-crop=16x16,draw=0.5"])
        let s = p.sample(seed: 0, key: [], copy: 0)
        let m = s.forMask(fill: .maskValue(255))
        #expect(m.affine(width: 37, height: 23) == s.affine(width: 37, height: 23))
        #expect(m.outputSize(width: 37, height: 23) == s.outputSize(width: 37, height: 23))
        #expect(m.description == "resize=30x20,resample=nearest letterbox=64x64,fill=255,resample=nearest crop=70x70,fill=255 pad=80x80,fill=255 random-resized-crop=16x16,resample=nearest,draw=0.5")
        // A class mask: nearest never invents a class.
        let mask = try PixelBuffer(width: 37, height: 23, layout: .gray, bytes: (0..<(37 * 23)).map { UInt8($0 % 3) })
        let out = m.apply(to: mask)
        #expect(Set(out.bytes).isSubset(of: [0, 1, 2, 255]))
    }
}
