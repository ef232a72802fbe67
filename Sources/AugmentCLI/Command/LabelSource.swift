import Augment
import Foundation
import Labels
import Yams

/// Resolves the label and mask options into the run's settings and file rules, refusing before any work what
/// cannot go right: an unknown format, a pose data set without its keypoint shape, a mirroring pipeline for a pose
/// data set without `flip_idx`.
enum LabelSource {
    static func resolve(_ options: LabelOptions, pipeline: Pipeline)
        throws(UsageError) -> (labels: LabelSettings?, masks: MaskSettings?, rules: CompanionRules, coco: COCOSource?)
    {
        var rules = CompanionRules()
        if let masks = options.masks {
            rules.masksIn = Array(masks.utf8)
            rules.masksOut = options.masksOut.map { Array($0.utf8) }
        }
        let masks = options.masks == nil ? nil : MaskSettings(fill: options.maskFill)
        guard let spec = options.labels else { return (nil, masks, rules, nil) }

        let name: Substring, dir: Substring?
        if let colon = spec.firstIndex(of: ":") {
            (name, dir) = (spec[..<colon], spec[spec.index(after: colon)...])
        } else {
            (name, dir) = (Substring(spec), nil)
        }
        if let dir, dir.isEmpty { throw UsageError("--labels \(spec): FORMAT:DIR needs a folder after the colon") }
        if options.flipPairs != nil && name != "coco" { throw UsageError("--flip-pairs is for --labels coco (yolo-pose: --flip-idx)") }
        if name == "coco" {
            let (settings, source) = try coco(options, file: dir, pipeline: pipeline)
            return (settings, masks, rules, source)
        }
        let rule: CompanionLocation = name == "voc" ? .voc : .ultralytics
        rules.labelsIn = dir.map { .tree(Array($0.utf8)) } ?? rule
        rules.labelsOut = options.labelsOut.map { .tree(Array($0.utf8)) } ?? rule
        if name == "voc" { rules.labelExtension = ".xml" }

        let format: LabelSettings.Format
        var flipIndex: [Int]?
        switch name {
        case "yolo": format = .detect
        case "yolo-obb": format = .obb
        case "voc": format = .voc
        case "yolo-pose":
            let yaml = try options.data.map { (file) throws(UsageError) in try DataYAML.read(file) }
            guard let shape = try options.keypointShape.map(Self.keypointShape) ?? yaml?.keypointShape else {
                throw UsageError("--labels yolo-pose needs the keypoint shape: --data data.yaml (kpt_shape: [K, D]) or "
                                 + "--kpt-shape K,D")
            }
            format = .pose(keypoints: shape.keypoints, dimensions: shape.dimensions)
            flipIndex = try options.flipIndex.map(Self.integers) ?? yaml?.flipIndex
            if let flipIndex {
                do { try LabelTransform.validate(flipIndex: flipIndex, keypoints: shape.keypoints) } catch {
                    throw UsageError("flip_idx: \(error)")
                }
            } else if pipeline.mayMirror {
                throw UsageError(
                    "a pose data set needs flip_idx for a pipeline that can mirror (\(pipeline)): left and right "
                        + "keypoints swap in a mirror; give flip_idx in --data's YAML or --flip-idx i,j,...")
            }
        default:
            throw UsageError("--labels \(spec): the format is yolo, yolo-obb, yolo-pose or voc (then :DIR for a label "
                             + "tree), or coco:FILE.json")
        }
        let settings = LabelSettings(format: format, boxMethod: options.boxMethod.rawValue,
                                     minVisibility: options.minVisibility, minArea: options.minArea,
                                     flipIndex: flipIndex)
        return (settings, masks, rules, nil)
    }

    /// `--labels coco:FILE.json`: reads the file once, and resolves `--flip-pairs` for each category with
    /// keypoints; refuses a pipeline that can mirror such categories without pairs.
    static func coco(_ options: LabelOptions, file: Substring?, pipeline: Pipeline)
        throws(UsageError) -> (LabelSettings, COCOSource)
    {
        guard let file else { throw UsageError("--labels coco needs the annotation file: --labels coco:FILE.json") }
        guard let out = options.labelsOut else {
            throw UsageError("--labels coco:FILE.json needs --labels-out OUT.json (the COCO file of the outputs)")
        }
        let source = try COCOSource(path: Array(file.utf8), output: Array(out.utf8))
        let pairs = try options.flipPairs.map(Self.pairs)
        var flips: [Int: [Int]] = [:]
        for (category, names) in source.file.keypointNames.sorted(by: { $0.key < $1.key }) where !names.isEmpty {
            if let pairs {
                do { flips[category] = try COCO.flipIndex(pairs: pairs, names: names) } catch {
                    throw UsageError("--flip-pairs for category \(category): \(error)")
                }
            } else if pipeline.mayMirror {
                throw UsageError(
                    "category \(category) has keypoints \(names) and the pipeline can mirror (\(pipeline)): left and "
                        + "right keypoints swap in a mirror; give --flip-pairs left_eye:right_eye,... (names or indices)")
            }
        }
        let settings = LabelSettings(format: .coco, boxMethod: options.boxMethod.rawValue,
                                     minVisibility: options.minVisibility, minArea: options.minArea, flipIndex: nil,
                                     categoryFlipIndex: flips)
        return (settings, source)
    }

    /// `a:b,c:d`: keypoint pairs by name or index.
    static func pairs(_ text: String) throws(UsageError) -> [(String, String)] {
        var result: [(String, String)] = []
        for item in text.split(separator: ",") {
            let sides = item.split(separator: ":", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else {
                throw UsageError("--flip-pairs: expected left:right,... (keypoint names or indices), got '\(item)'")
            }
            result.append((sides[0], sides[1]))
        }
        guard !result.isEmpty else { throw UsageError("--flip-pairs: no pairs in '\(text)'") }
        return result
    }

    static func integers(_ text: String) throws(UsageError) -> [Int] {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, !values.contains(nil) else { throw UsageError("expected integers i,j,..., got '\(text)'") }
        return values.map { $0! }
    }

    static func keypointShape(_ text: String) throws(UsageError) -> (keypoints: Int, dimensions: Int) {
        let v = try integers(text)
        guard v.count == 2, (1...10_000).contains(v[0]), [2, 3].contains(v[1]) else {
            throw UsageError("--kpt-shape K,D: K keypoints (1-10000) of D = 2 or 3 values, got '\(text)'")
        }
        return (v[0], v[1])
    }
}

/// The keys of an Ultralytics data set YAML that labels need.
struct DataYAML {
    var keypointShape: (keypoints: Int, dimensions: Int)?
    var flipIndex: [Int]?

    static func read(_ file: String) throws(UsageError) -> DataYAML {
        guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
        let node: Any?
        do { node = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) } catch {
            throw UsageError("\(file): not valid YAML: \(error)")
        }
        guard let map = node as? [String: Any] else { throw UsageError("\(file): expected a mapping at the top") }
        var result = DataYAML()
        if let shape = map["kpt_shape"] {
            guard let v = shape as? [Int], v.count == 2, (1...10_000).contains(v[0]), [2, 3].contains(v[1]) else {
                throw UsageError("\(file): kpt_shape must be [K, D] with D = 2 or 3, got \(shape)")
            }
            result.keypointShape = (v[0], v[1])
        }
        if let flip = map["flip_idx"] {
            guard let v = flip as? [Int] else { throw UsageError("\(file): flip_idx must be a list of integers, got \(flip)") }
            result.flipIndex = v
        }
        return result
    }
}

extension Pipeline {
    /// Whether some op of the pipeline can mirror the image (a flip, transpose or transverse that may fire).
    var mayMirror: Bool {
        ops.contains { op in
            guard op.p > 0 else { return false }
            switch op.kind {
            case .flip: return true
            case .fixed(let t): return [.flipLeftRight, .flipTopBottom, .transpose, .transverse].contains(t)
            case .rotate, .affine: return false  // an affine's determinant is scale^2 > 0
            case .resize, .crop, .pad, .letterbox, .randomResizedCrop: return false  // positive scalings
            }
        }
    }
}
