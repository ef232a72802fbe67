// libFuzzer target for the op-string parser (`Pipeline(parsing:)`, the grammar of `--op`).
//
// Built by scripts/dev/fuzz with `swiftc -sanitize=fuzzer,address -parse-as-library` over Sources/Augment plus this
// file. The input is split at newlines into up to 8 op strings (as `--op A --op B`). For bad input the parser
// must throw AugmentError; a trap (precondition, overflow, out-of-range index, non-finite to Int) is a bug.
// When the strings parse, the harness also checks what the CLI then does with the pipeline:
//   - the canonical op strings (`opStrings`, what --dry-run prints) parse back to the same pipeline;
//   - `sample(seed:key:copy:)` draws parameters for a few copies;
//   - `outputSize` and `affine` for several input shapes (1x1, 7x5, 640x480) do not trap;
//   - `apply` runs on a 7x5 RGB and a 3x4 16-bit gray+alpha image when the output stays small (only when
//     built with -D FUZZ_APPLY, scripts/dev/fuzz's default; FUZZ_OP_APPLY=0 leaves it out).
// Compiled into the same module as Sources/Augment (no `import Augment`): the public API is what it uses.

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var specs: [String] = []
    for line in bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 7, omittingEmptySubsequences: false) {
        specs.append(String(decoding: line, as: UTF8.self))
    }
    let pipeline: Pipeline
    do {
        pipeline = try Pipeline(parsing: specs)
    } catch {
        // Every rejection names the op and what was expected.
        precondition(!"\(error)".isEmpty)
        return 0
    }
    let again: Pipeline
    do {
        again = try Pipeline(parsing: pipeline.opStrings)
    } catch {
        fatalError("canonical op strings \(pipeline.opStrings) do not parse back: \(error)")
    }
    precondition(again == pipeline, "round trip changed \(pipeline.opStrings) into \(again.opStrings)")

    let key = Array(bytes.prefix(16))
    for copy in 0..<3 {
        let sampled = pipeline.sample(seed: UInt64(size) &* 0x9E37_79B9_7F4A_7C15, key: key, copy: copy)
        _ = sampled.description
        for (w, h) in [(1, 1), (7, 5), (640, 480)] {
            let out = sampled.outputSize(width: w, height: h)
            precondition(out.width >= 0 && out.height >= 0, "negative output size \(out) for \(sampled)")
            _ = sampled.affine(width: w, height: h)
        }
        #if FUZZ_APPLY
        let small = sampled.outputSize(width: 7, height: 5)
        if small.width * small.height <= 1 << 16 {
            let rgb = try! PixelBuffer(width: 7, height: 5, layout: .rgb, bytes: (0..<105).map { UInt8($0) })
            let r = sampled.apply(to: rgb)
            precondition(r.width == small.width && r.height == small.height, "apply \(r.width)x\(r.height) != outputSize \(small) for \(sampled)")
        }
        let tiny = sampled.outputSize(width: 3, height: 4)
        if tiny.width * tiny.height <= 1 << 16 {
            let ga = try! PixelBuffer(width: 3, height: 4, layout: .grayAlpha, depth: .sixteen,
                                 bytes: (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 37) })
            let r = sampled.apply(to: ga)
            precondition(r.width == tiny.width && r.height == tiny.height, "apply \(r.width)x\(r.height) != outputSize \(tiny) for \(sampled)")
        }
        #endif
    }
    return 0
}
