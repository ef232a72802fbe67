import Augment
import Labels

/// `augment-bench --labels`: what one output's labels cost a worker, apart from the pixels: parse a label file of
/// 10 boxes (or 10 polygons of 12 vertices), transform it through the seed job's affine (rotate=45, flip=h on
/// 1920x1080) and write it back. Median of `reps` runs of 1,000 files each, in microseconds per file.
func labelBench(reps: Int) {
    var boxes = "", polygons = ""
    var s: UInt64 = 7
    func unit() -> Double {
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Double(s >> 11) / Double(1 << 53)
    }
    for k in 0..<10 {
        let (w, h) = (0.02 + 0.28 * unit(), 0.02 + 0.28 * unit())
        boxes += "\(k) \(w / 2 + (1 - w) * unit()) \(h / 2 + (1 - h) * unit()) \(w) \(h)\n"
        let (cx, cy, r) = (0.2 + 0.6 * unit(), 0.2 + 0.6 * unit(), 0.05 + 0.15 * unit())
        polygons += "\(k)" + (0..<12).map { i -> String in
            let t = 2 * Double.pi * Double(i) / 12
            return " \(cx + r * cos(t)) \(cy + r * sin(t))"
        }.joined() + "\n"
    }
    let sampled = try! Pipeline(parsing: ["rotate=45", "flip=h"]).sample(seed: 0, key: [], copy: 0)
    let affine = sampled.affine(width: 1920, height: 1080)
    let size = sampled.outputSize(width: 1920, height: 1080)
    let transform = LabelTransform(affine: affine, outputSize: size)
    for (name, text) in [("labels 10 boxes", boxes), ("labels 10 polygons x 12", polygons)] {
        let bytes = Array(text.utf8)
        var times: [Double] = []
        var written = 0
        for _ in 0..<reps {
            let t0 = now()
            for _ in 0..<1000 {
                let objects = try! YOLO.parse(bytes, format: .detect, width: 1920, height: 1080)
                let out = try! transform.apply(objects)
                written &+= YOLO.write(out.objects, width: size.width, height: size.height).count
            }
            times.append((now() - t0) / 1000 * 1e6)
        }
        times.sort()
        print("\(name)\t\(times[times.count / 2]) us/file\t\(times[0]) us/file min\t(\(written) bytes)")
    }
    // A class mask's warp: the same geometry on a 1-channel 1920x1080 image with nearest sampling (what --masks
    // adds per output besides the mask's PNG decode and encode).
    var mask = PixelBuffer(width: 1920, height: 1080, layout: .gray)
    mask.withUnsafeMutableBytes { b in for i in 0..<b.count { b[i] = UInt8(i / 4096 % 11) } }
    var out = PixelBuffer()
    var workspace = Workspace()
    var times: [Double] = []
    for _ in 0..<reps {
        let t0 = now()
        sampled.apply(to: mask, into: &out, workspace: &workspace)
        times.append((now() - t0) * 1000)
    }
    times.sort()
    print("mask warp 1920x1080 gray nearest rotate=45 flip=h\t\(times[times.count / 2]) ms\t\(times[0]) ms min")
}

#if canImport(Glibc)
import Glibc
#endif
