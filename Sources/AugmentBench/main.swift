// augment-bench: every Augment transform on one 1080p RGB8 buffer, median of N timed calls, one core.
//
//   swift build -c release --product augment-bench && .build/release/augment-bench [--raw FILE WxH] [--reps N]
//   ... --geometry: the cases of scripts/bench/bench-geometry (GeometryBench.swift), interleaved.
//
// FILE holds raw RGB8 samples (scripts/bench/bench-transforms makes it from a photo, next to a JPEG of the same
// image for Pillow and native_limit.c); without it a deterministic synthetic 1920x1080 image is used.
// Every transform writes into one caller-owned output buffer reused across calls (as a worker would), so
// after the warm-up no call page-faults. Output: one line per op, `name<TAB>median_ms<TAB>min_ms`.
#if canImport(Glibc)
import Glibc
#endif
@_spi(Benchmark) import Augment

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func readRaw(_ path: String, _ w: Int, _ h: Int) -> PixelBuffer {
    guard let f = fopen(path, "rb") else { fatalError("cannot open \(path)") }
    defer { fclose(f) }
    var bytes = [UInt8](repeating: 0, count: w * h * 3)
    let got = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
    precondition(got == w * h * 3, "\(path): expected \(w * h * 3) bytes of raw RGB, got \(got)")
    return try! PixelBuffer(width: w, height: h, layout: .rgb, bytes: bytes)
}

/// Smooth gradients plus a little noise: a stand-in for a photo.
func synthetic(_ w: Int, _ h: Int) -> PixelBuffer {
    var bytes = [UInt8](repeating: 0, count: w * h * 3)
    var s: UInt64 = 1
    for y in 0..<h {
        for x in 0..<w {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            let n = Int(s >> 61)
            let o = (y * w + x) * 3
            bytes[o] = UInt8((x * 255 / w + n) & 255)
            bytes[o + 1] = UInt8((y * 255 / h + n) & 255)
            bytes[o + 2] = UInt8(((x + y) * 128 / (w + h) + 64 + n) & 255)
        }
    }
    return try! PixelBuffer(width: w, height: h, layout: .rgb, bytes: bytes)
}

var args = Array(CommandLine.arguments.dropFirst())
var reps = 31
var image: PixelBuffer?
var only: String?
var tiles = false
var dump: String?
var geometry = false
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--reps": reps = Int(args.removeFirst())!
    case "--only": only = args.removeFirst()
    case "--tiles": tiles = true
    case "--labels":
        labelBench(reps: reps)
        exit(0)
    case "--dump": dump = args.removeFirst()
    case "--geometry": geometry = true
    case "--raw":
        let path = args.removeFirst()
        let size = args.removeFirst().split(separator: "x").map { Int($0)! }
        image = readRaw(path, size[0], size[1])
    default:
        print("usage: augment-bench [--raw FILE WxH] [--reps N] [--only SUBSTRING] [--tiles] [--dump DIR] [--labels] "
              + "[--geometry]")
        exit(2)
    }
}
let input = image ?? synthetic(1920, 1080)
var output = PixelBuffer()
var workspace = Workspace()

/// Writes the outputs of the ops that are compared with Pillow (raw RGB8) into `dir`, then exits.
func dumpOutputs(_ dir: String) {
    func write(_ name: String, _ b: PixelBuffer) {
        guard let f = fopen(dir + "/" + name + ".rgb", "wb") else { fatalError("cannot write \(dir)/\(name)") }
        _ = b.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }
    for r in Resample.allCases {
        for deg in [45.0, 12.3456, -30] {
            write("rotate_\(deg)_\(r)", input.rotated(degrees: deg, resample: r))
        }
    }
    write("seed", try! Pipeline(parsing: ["rotate=45", "flip=h"]).sample(seed: 0, key: [], copy: 0).apply(to: input))
    for t in Transpose.allCases { write("transpose_\(t.rawValue)", input.transposed(t)) }
}
if let dump {
    dumpOutputs(dump)
    exit(0)
}
if geometry {
    geometryBench(input, reps: reps)
    exit(0)
}

@MainActor func bench(_ name: String, _ body: () -> Void) {
    if let only, !name.contains(only) { return }
    body()  // warm-up: sizes the output buffer and faults its pages in
    var t: [Double] = []
    for _ in 0..<reps {
        let t0 = now()
        body()
        t.append(now() - t0)
    }
    t.sort()
    print("\(name)\t\(String(format3(t[t.count / 2] * 1e3)))\t\(String(format3(t[0] * 1e3)))")
}

func format3(_ v: Double) -> String {
    let r = (v * 1000).rounded() / 1000
    return "\(r)"
}

func pipeline(_ specs: [String]) -> SampledPipeline {
    try! Pipeline(parsing: specs).sample(seed: 0, key: [], copy: 0)
}

print("# augment-bench \(input.width)x\(input.height) \(input.layout) \(input.depth.rawValue)-bit, median of \(reps)")
bench("memcpy") { input.copy(into: &output) }
for t in Transpose.allCases {
    bench(t.description) { input.transpose(t, into: &output) }
}
for r in Resample.allCases {
    let rot = Rotation(degrees: 45, resample: r)
    bench("rotate=45,resample=\(r)") { input.rotate(rot, into: &output, workspace: &workspace) }
}
let seedJob = pipeline(["rotate=45", "flip=h"])
bench("rotate=45 flip=h (seed job, fused)") { seedJob.apply(to: input, into: &output, workspace: &workspace) }
let cropJob = Rotation(degrees: 45, crop: .inscribed)
bench("rotate=45,crop=inscribed") { input.rotate(cropJob, into: &output, workspace: &workspace) }
let cropResized = Rotation(degrees: 20, resample: .bilinear, crop: .inscribedResized)
bench("rotate=20,resample=bilinear,crop=inscribed-resized") {
    input.rotate(cropResized, into: &output, workspace: &workspace)
}
bench("rotate=45,expand=true") {
    input.rotate(Rotation(degrees: 45, expand: true), into: &output, workspace: &workspace)
}
// Tile sides of the nearest kernel (0 = row by row), on the seed job.
if tiles {
    let nearestDefault = Tuning.nearestTile, rowsDefault = Tuning.nearestRowsUpTo
    Tuning.nearestRowsUpTo = 0  // every source takes the tile asked
    for tile in [0, 8, 16, 32, 64, 128, 256] {
        Tuning.nearestTile = tile
        bench("nearest tile \(tile): rotate=45 flip=h") {
            seedJob.apply(to: input, into: &output, workspace: &workspace)
        }
    }
    Tuning.nearestTile = nearestDefault
    Tuning.nearestRowsUpTo = rowsDefault
    let transposeDefault = Tuning.transposeTile
    for tile in [8, 16, 32, 64, 128] {
        Tuning.transposeTile = tile
        bench("transpose tile \(tile): rot90") { input.transpose(.rotate90, into: &output) }
    }
    Tuning.transposeTile = transposeDefault
}
