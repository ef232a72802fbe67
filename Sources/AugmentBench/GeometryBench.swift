#if canImport(Glibc)
import Glibc
#endif
@_spi(Benchmark) import Augment

/// `augment-bench --geometry`: the cases of scripts/bench/bench-geometry, one core, on `input` (1080p RGB8).
/// Prints `# affine-inverse a b c d e f` (the matrix Pillow's and OpenCV's peers get), then one line per case,
/// `name<TAB>median_ms<TAB>min_ms`, with the cases interleaved: each of `reps` rounds times every case once.
func geometryBench(_ input: PixelBuffer, reps: Int) {
    func sampled(_ specs: [String]) -> SampledPipeline {
        try! Pipeline(parsing: specs).sample(seed: 0, key: [], copy: 0)
    }
    // AUGMENT_BENCH_AFFINE=OP times another affine op in the affine case (scripts/bench/bench-geometry --affine).
    let affineOp = getenv("AUGMENT_BENCH_AFFINE").map { String(cString: $0) }
        ?? "affine,rotate=10,scale=0.9,translate=0.05,resample=bilinear"
    let affine = sampled([affineOp])
    guard case .affine(let a) = affine.ops[0] else { fatalError("not an affine op") }
    let m = a.inverse(width: input.width, height: input.height)
    print("# affine-inverse \(m.a) \(m.b) \(m.c) \(m.d) \(m.e) \(m.f)")
    let resize = sampled(["resize=640x360"])
    let rotScaleFlip = sampled(["rotate=10,resample=bilinear", "affine,scale=1.2,resample=bilinear", "flip=h"])
    let rotResizeFlip = sampled(["rotate=10,resample=bilinear", "resize=2304x1296", "flip=h"])
    let all: [(String, SampledPipeline, Bool)] = [
        ("affine bilinear", affine, false),
        ("resize 640x360 bilinear", resize, false),
        ("rotate+affine-scale+flip unfused", rotScaleFlip, false),
        ("rotate+affine-scale+flip fused", rotScaleFlip, true),
        ("rotate+resize+flip unfused", rotResizeFlip, false),
        ("rotate+resize+flip fused", rotResizeFlip, true),
    ]
    // AUGMENT_BENCH_ONLY=NAME times one case alone (for a profile of it).
    let only = getenv("AUGMENT_BENCH_ONLY").map { String(cString: $0) }
    let cases = all.filter { only == nil || $0.0 == only }
    if let v = getenv("AUGMENT_BENCH_STRIP"), let strip = Int(String(cString: v)) { Tuning.bilinearStrip = strip }
    var output = PixelBuffer()
    var workspace = Workspace()
    var times = [[Double]](repeating: [], count: cases.count)
    for (_, p, fuse) in cases { p.apply(to: input, into: &output, workspace: &workspace, fuse: fuse) }  // warm-up
    for _ in 0..<reps {
        for (i, (_, p, fuse)) in cases.enumerated() {
            let t0 = now()
            p.apply(to: input, into: &output, workspace: &workspace, fuse: fuse)
            times[i].append(now() - t0)
        }
    }
    for (i, (name, _, _)) in cases.enumerated() {
        let t = times[i].sorted()
        print("\(name)\t\(format3(t[t.count / 2] * 1e3))\t\(format3(t[0] * 1e3))")
    }
}
