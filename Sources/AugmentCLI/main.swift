// Foundation-issue stand-in: decodes every image under the inputs and re-encodes it under -o.
// The full CLI (ops, pool, report) replaces this file.
import Codecs
import Foundation

var inputs: [String] = []
var output = "out"
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "-o" { output = args.popFirst() ?? output } else if a.hasPrefix("-") { _ = args.popFirst() } else { inputs.append(a) }
}
let decoder = Decoder()
let encoder = Encoder()
var failed = 0
for root in inputs {
    let walker = FileManager.default.enumerator(atPath: root)
    while let rel = walker?.nextObject() as? String {
        let path = root + "/" + rel
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
        do {
            let (image, info) = try decoder.decode(file: path)
            let target = output + "/" + rel
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try encoder.write(image, to: target, options: EncodeOptions(format: info.format), icc: info.iccProfile)
        } catch {
            failed += 1
            FileHandle.standardError.write(Data("augment: \(error)\n".utf8))
        }
    }
}
exit(failed == 0 ? 0 : 1)
