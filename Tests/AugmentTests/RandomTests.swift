import Augment
import Foundation
import Testing

@Suite struct RandomTests {
    let pipeline = try! Pipeline(parsing: ["rotate=-20..20,resample=bilinear|bicubic,p=0.5", "flip=h|v,p=0.7",
                                           "rot90,p=0.3", "rotate=0|90|180|270"])
    let keys: [[UInt8]] = (0..<200).map { Array("images/dir\($0 % 7)/img_\($0).jpg".utf8) }

    @Test func sameInputsGiveTheSameParameters() {
        for key in keys {
            for copy in 0..<3 {
                #expect(pipeline.sample(seed: 42, key: key, copy: copy) == pipeline.sample(seed: 42, key: key, copy: copy))
            }
        }
    }

    @Test func orderWorkersAndShardingDoNotMatter() {
        // One worker in order, against 3 shards processed in reverse, each with a fresh pipeline copy.
        let inOrder = keys.map { pipeline.sample(seed: 7, key: $0, copy: 1) }
        var sharded = [SampledPipeline?](repeating: nil, count: keys.count)
        for shard in 0..<3 {
            let p = try! Pipeline(parsing: pipeline.opStrings)
            for i in stride(from: keys.count - 1, through: 0, by: -1) where i % 3 == shard {
                sharded[i] = p.sample(seed: 7, key: keys[i], copy: 1)
            }
        }
        #expect(sharded.map { $0! } == inOrder)
    }

    @Test func outputsAreByteIdenticalWhateverTheOrder() {
        let images = (0..<12).map { randomBuffer(31 + $0, 17 + 2 * $0, .rgb, seed: UInt64($0)) }
        func run(_ order: [Int]) -> [Int: [UInt8]] {
            var ws = Workspace()
            var out = PixelBuffer()
            var result: [Int: [UInt8]] = [:]
            for i in order {
                pipeline.sample(seed: 99, key: keys[i], copy: 0).apply(to: images[i], into: &out, workspace: &ws)
                result[i] = out.bytes
            }
            return result
        }
        let forward = run(Array(0..<12))
        #expect(run(Array((0..<12).reversed())) == forward)
        #expect(run([5, 0, 11, 3, 7, 1, 9, 2, 10, 4, 8, 6]) == forward)
    }

    @Test func seedKeyAndCopyEachChangeTheDraws() {
        let base = AugmentRandom(seed: 1, key: Array("a.jpg".utf8), copy: 0)
        #expect(AugmentRandom(seed: 2, key: Array("a.jpg".utf8), copy: 0) != base)
        #expect(AugmentRandom(seed: 1, key: Array("b.jpg".utf8), copy: 0) != base)
        #expect(AugmentRandom(seed: 1, key: Array("a.jpg".utf8), copy: 1) != base)
        #expect(AugmentRandom(seed: 1, key: Array("a.jpg\0".utf8), copy: 0) != base)
        // A documented value, so that the generator cannot change silently.
        #expect(AugmentRandom.mix(0) == 0)
        #expect(AugmentRandom.mix(0x9e37_79b9_7f4a_7c15) == 0xe220_a839_7b1d_cdaf)
    }

    @Test func distributionsLookRight() {
        var fired = 0, inRange = true, sum = 0.0, choices = [Double: Int]()
        let n = 4000
        for i in 0..<n {
            let s = pipeline.sample(seed: 5, key: Array("k\(i)".utf8), copy: 0)
            for op in s.ops {
                if case .rotate(let r) = op {
                    if r.resample != .nearest {  // the first op (the second is nearest)
                        fired += 1
                        inRange = inRange && (-20..<20).contains(r.degrees)
                        sum += r.degrees
                    } else {
                        choices[r.degrees, default: 0] += 1
                    }
                }
            }
        }
        #expect(abs(Double(fired) / Double(n) - 0.5) < 0.04)
        #expect(inRange)
        #expect(abs(sum / Double(fired)) < 1.0)
        #expect(Set(choices.keys) == [0, 90, 180, 270])
        #expect(choices.values.allSatisfy { abs(Double($0) / Double(n) - 0.25) < 0.04 })
    }

    @Test func probabilityZeroNeverAndOneAlwaysFires() {
        let p = try! Pipeline(parsing: ["flip=h,p=0", "flip=v,p=1"])
        for i in 0..<500 {
            #expect(p.sample(seed: 3, key: Array("\(i)".utf8), copy: i).ops == [.transpose(.flipTopBottom)])
        }
    }

    @Test func sampledParamsEncodeAsJSON() throws {
        let s = SampledPipeline(ops: [.rotate(Rotation(degrees: 12.5, resample: .bilinear)), .transpose(.flipLeftRight),
                                      .transpose(.rotate90)], exifOrientation: 6)
        let json = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
        #expect(json.contains(#""op":"rotate""#) && json.contains(#""degrees":12.5"#) && json.contains(#""axis":"h""#))
        #expect(json.contains(#""op":"rot90""#) && json.contains(#""exif_orientation":6"#))
        #expect(try JSONDecoder().decode(SampledPipeline.self, from: Data(json.utf8)) == s)
        #expect(s.description == "rotate=12.5,resample=bilinear flip=h rot90")
    }
}
