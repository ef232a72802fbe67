import Augment
import Foundation
import Testing

/// Outputs of Pillow 13 on small fixtures, made once by scripts/fixtures/make-golden.py (Fixtures/golden).
struct GoldenManifest: Decodable {
    struct Case: Decodable {
        var kind: String
        var method: String?
        var degrees: Double?
        var resample: String?
        var expand: Bool?
        var fill: [UInt8]?
        var center: [Double]?
        var offset: Int
        var width: Int
        var height: Int
    }

    struct Input: Decodable {
        var name: String
        var mode: String
        var width: Int
        var height: Int
        var channels: Int
        var depth: Int
        var cases: [Case]
    }

    var pillow: String
    var inputs: [Input]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/golden").standardized

    static func load() throws -> GoldenManifest {
        try JSONDecoder().decode(GoldenManifest.self,
                                 from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }

    static func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
    }
}

extension GoldenManifest.Input {
    var layout: PixelBuffer.Layout { PixelBuffer.Layout(rawValue: UInt8(channels))! }
    var sampleDepth: PixelBuffer.SampleDepth { depth == 16 ? .sixteen : .eight }
}

/// Pixel agreement between our output and Pillow's.
struct Agreement: CustomStringConvertible {
    var pixels = 0
    var exact = 0
    var within2 = 0

    mutating func add(_ ours: PixelBuffer, _ theirs: [UInt8]) {
        let bpp = ours.bytesPerPixel, sb = ours.depth.bytes
        let n = ours.pixelCount
        pixels += n
        for i in 0..<n {
            var same = true, close = true
            for k in stride(from: 0, to: bpp, by: sb) {
                let o = i * bpp + k
                let a = sb == 1 ? Int(ours.bytes[o]) : Int(ours.bytes[o]) | Int(ours.bytes[o + 1]) << 8
                let b = sb == 1 ? Int(theirs[o]) : Int(theirs[o]) | Int(theirs[o + 1]) << 8
                if a != b { same = false }
                if abs(a - b) > 2 { close = false }
            }
            if same { exact += 1 }
            if close { within2 += 1 }
        }
    }

    var exactFraction: Double { pixels == 0 ? 1 : Double(exact) / Double(pixels) }
    var within2Fraction: Double { pixels == 0 ? 1 : Double(within2) / Double(pixels) }
    var description: String {
        "\(exact)/\(pixels) exact (\(exactFraction * 100)%), \(within2)/\(pixels) within +-2 (\(within2Fraction * 100)%)"
    }
}

@Suite struct GoldenTests {
    @Test func transposeMatchesPillowExactly() throws {
        let m = try GoldenManifest.load()
        var checked = 0
        for input in m.inputs {
            let image = try PixelBuffer(width: input.width, height: input.height, layout: input.layout,
                                        depth: input.sampleDepth, bytes: GoldenManifest.bytes(input.name + ".in.bin"))
            let out = try GoldenManifest.bytes(input.name + ".out.bin")
            for c in input.cases where c.kind == "transpose" {
                let t = try #require(Transpose(rawValue: c.method!))
                let ours = image.transposed(t)
                #expect((ours.width, ours.height) == (c.width, c.height))
                #expect(ours.bytes[...] == out[c.offset..<(c.offset + ours.bytes.count)], "\(input.name) \(t)")
                checked += 1
            }
        }
        #expect(checked == 7 * m.inputs.count)
    }

    @Test(arguments: Resample.allCases)
    func rotateMatchesPillow(_ resample: Resample) throws {
        let m = try GoldenManifest.load()
        var eight = Agreement(), sixteen = Agreement()
        var perInput: [String] = []
        for input in m.inputs {
            var mine = Agreement()
            defer { if mine.pixels > 0 { perInput.append("\(input.name): \(mine)") } }
            let image = try PixelBuffer(width: input.width, height: input.height, layout: input.layout,
                                        depth: input.sampleDepth, bytes: GoldenManifest.bytes(input.name + ".in.bin"))
            let out = try GoldenManifest.bytes(input.name + ".out.bin")
            for c in input.cases where c.kind == "rotate" && c.resample == resample.rawValue {
                let center = c.center.map { Point(x: $0[0], y: $0[1]) }
                let ours = image.rotated(degrees: c.degrees!, resample: resample, expand: c.expand!,
                                         fill: c.fill.map(Fill.init), center: center)
                let what = "\(input.name) rotate(\(c.degrees!), \(resample), expand: \(c.expand!))"
                try #require((ours.width, ours.height) == (c.width, c.height), "\(what) size")
                let theirs = Array(out[c.offset..<(c.offset + ours.bytes.count)])
                var a = Agreement()
                a.add(ours, theirs)
                mine.add(ours, theirs)
                // A fill on a 16-bit image: the op grammar's fill is 8-bit (V scales to V * 257), Pillow's I;16
                // fillcolor is the raw sample: the fill pixels differ by design, so the case is not counted.
                let scaledFill = input.depth == 16 && c.fill != nil
                if input.depth == 8 { eight.add(ours, theirs) } else if !scaledFill { sixteen.add(ours, theirs) }
                // Nearest is bit-exact at both depths: 8-bit through Pillow's 16.16 fixed point, 16-bit (I;16, an
                // IMAGING_TYPE_SPECIAL mode) through its per-pixel double path (ImagingGenericTransform +
                // nearest_filter16), as Pillow itself does.
                if resample == .nearest && !scaledFill { #expect(a.exact == a.pixels, "\(what): \(a)") }
            }
        }
        print("golden rotate \(resample) 8-bit: \(eight)")
        for line in perInput { print("  \(line)") }
        if sixteen.pixels > 0 { print("golden rotate \(resample) 16-bit (Pillow I;16): \(sixteen)") }
        if resample == .nearest {
            #expect(eight.exactFraction == 1)
            #expect(sixteen.exactFraction == 1)
        } else {
            #expect(eight.within2Fraction >= 0.995)
        }
    }
}
