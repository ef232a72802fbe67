// codec-bench: decode every image of a folder once, then time encoding them with each option set.
//   swift run -c release CodecBench FOLDER [--png-sweep] [--jpeg-floor OUTDIR]
// --png-sweep: every zlib level 0-9 x filter (adaptive, none, sub, up, paeth) x strategy (default, filtered, RLE):
//              total encode seconds and output bytes, one line each (used to choose the PNG default).
// --job OUTDIR: the seed job (rotate=45, flip=h) in one process with per-phase times in microseconds per image
//              (decode, transform, encode, write: the seed floor is decode + encode + write).
// --roundtrip OUTDIR: decode + encode + write with codec_floor.c's settings, one process (the wrapper's cost vs plain C).
import Augment
import Codecs
import Glibc

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let args = Array(CommandLine.arguments.dropFirst())
guard let folder = args.first else {
    print("usage: CodecBench FOLDER [--png-sweep | --roundtrip]")
    exit(2)
}
var names: [String] = []
if let d = opendir(folder) {
    while let e = readdir(d) {
        // Up to the NUL only: a record can be shorter than d_name's declared 256 bytes.
        let name = String(cString: UnsafeRawPointer(e).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
            .assumingMemoryBound(to: CChar.self))
        if !name.hasPrefix(".") { names.append(name) }
    }
    closedir(d)
}
names.sort()
let decoder = Decoder()

/// Writes a file (the write time, not atomicity, is what the bench measures); exits on an error.
func writeFile(_ bytes: some Collection<UInt8>, to path: String) {
    guard let f = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    let data = Array(bytes)
    guard fwrite(data, 1, data.count, f) == data.count, fclose(f) == 0 else { fatalError("cannot write \(path)") }
}
let encoder = Encoder()

if args.contains("--job") {
    // The seed job in one process, phase by phase (what a worker does per image, minus the pipe).
    guard let out = args.firstIndex(of: "--job").map({ args[$0 + 1] }) else { exit(2) }
    let pipeline = try Pipeline(parsing: ["rotate=45", "flip=h"])
    var input = PixelBuffer()
    var output = PixelBuffer()
    var workspace = Workspace()
    var tDecode = 0.0, tTransform = 0.0, tEncode = 0.0, tWrite = 0.0
    let t0 = now()
    for name in names {
        var t = now()
        let info = try decoder.decode(file: folder + "/" + name, into: &input)
        tDecode += now() - t
        t = now()
        pipeline.sample(seed: 0, key: Array(name.utf8), copy: 0).apply(to: input, into: &output, workspace: &workspace)
        tTransform += now() - t
        t = now()
        let bytes = try encoder.withEncoded(output, options: EncodeOptions(format: info.format)) { Array($0) }
        tEncode += now() - t
        t = now()
        writeFile(bytes, to: out + "/" + name)
        tWrite += now() - t
    }
    let total = now() - t0
    let n = Double(names.count)
    func us(_ v: Double) -> String { "\((v / n * 1e6 * 10).rounded() / 10)" }
    // Microseconds per image. decode + encode + write is the seed job's own codec floor: the rotated output
    // encoded, without the rotation's cost (scripts/bench/bench-peers prints it beside the peers).
    print("job on \(names.count) images, us per image: total \(us(total)) decode \(us(tDecode)) "
          + "transform \(us(tTransform)) encode \(us(tEncode)) write \(us(tWrite))")
    exit(0)
}

if let flag = args.firstIndex(of: "--roundtrip") {
    // Decode + encode + write with the same settings as shared/bench/codec_floor.c (JPEG q90 4:2:0; PNG zlib
    // level 6, adaptive filters, libpng's strategy), buffers and codec objects reused: the wrapper's cost.
    let out = args[flag + 1]
    var buffer = PixelBuffer()
    var pixels = 0
    let t0 = now()
    for name in names {
        let info = try decoder.decode(file: folder + "/" + name, into: &buffer)
        pixels += buffer.pixelCount
        let options = EncodeOptions(format: info.format, pngLevel: 6, pngFilter: .adaptive, pngStrategy: nil)
        try encoder.withEncoded(buffer, options: options) { writeFile($0, to: out + "/" + name) }
    }
    let t = now() - t0
    print("roundtrip \(names.count) images: \(t) s, \(Double(pixels) / t / 1e6) MP/s, \(t / Double(names.count) * 1000) ms/image")
    exit(0)
}

var images: [PixelBuffer] = []
for name in names { images.append(try decoder.decode(file: folder + "/" + name).0) }
let filters: [(String, EncodeOptions.PNGFilter)] = [("adaptive", .adaptive), ("none", .none), ("sub", .sub), ("up", .up), ("paeth", .paeth)]
let strategies: [(String, Int?)] = [("default", nil), ("filtered", 1), ("rle", 3)]
print("level\tfilter\tstrategy\tseconds\tbytes")
for level in 0...9 {
    for (fname, filter) in filters {
        for (sname, strategy) in strategies {
            let options = EncodeOptions(format: .png, pngLevel: level, pngFilter: filter, pngStrategy: strategy)
            var bytes = 0
            let t0 = now()
            for image in images { bytes += try encoder.withEncoded(image, options: options) { $0.count } }
            print("\(level)\t\(fname)\t\(sname)\t\(now() - t0)\t\(bytes)")
        }
    }
}
