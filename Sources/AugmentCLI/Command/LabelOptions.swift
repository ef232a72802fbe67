import ArgumentParser
import Labels

/// Labels and masks that move with the pixels: where they are read and written, and how they are transformed.
struct LabelOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Labels of each image: yolo (boxes and polygons), yolo-obb or yolo-pose, read by Ultralytics' rule (the last "
            + "/images/ of the path becomes /labels/, the extension .txt); voc (Pascal VOC XML: the last /JPEGImages/ "
            + "becomes /Annotations/, the extension .xml); or FORMAT:DIR for a label tree mirroring the input root; or "
            + "coco:FILE.json (images matched by file_name; needs --labels-out OUT.json).",
        valueName: "format[:dir]"))
    var labels: String?

    @Option(name: .customLong("labels-out"),
            help: ArgumentHelp("A label tree mirroring -o (default: Ultralytics' rule on each output path); for "
                               + "coco, the output COCO file.", valueName: "dir|file"))
    var labelsOut: String?

    @Option(help: ArgumentHelp("The data set's YAML, for yolo-pose: kpt_shape and flip_idx.", valueName: "file"))
    var data: String?

    @Option(name: .customLong("kpt-shape"),
            help: ArgumentHelp("yolo-pose without --data: K,D (K keypoints of D = 2 or 3 values).", valueName: "k,d"))
    var keypointShape: String?

    @Option(name: .customLong("flip-idx"),
            help: ArgumentHelp("yolo-pose without --data: the keypoint permutation of a mirror (i,j,...).",
                               valueName: "list"))
    var flipIndex: String?

    @Option(name: .customLong("flip-pairs"),
            help: ArgumentHelp("coco: the keypoints a mirror swaps, by the category's keypoint names or 0-based "
                               + "index (left_eye:right_eye,...).", valueName: "pairs"))
    var flipPairs: String?

    @Option(name: .customLong("box-method"),
            help: ArgumentHelp("Boxes after a rotation: largest (the transformed corners' bounds) or ellipse "
                               + "(albumentations' inscribed ellipse).", valueName: "method"))
    var boxMethod: BoxMethod = .largest

    @Option(name: .customLong("min-visibility"),
            help: ArgumentHelp("Drop an object when less than this fraction of it stays on the canvas.", valueName: "f"))
    var minVisibility: Double = 0

    @Option(name: .customLong("min-area"),
            help: ArgumentHelp("Drop an object whose clipped area is under this many pixels.", valueName: "px"))
    var minArea: Double = 0

    @Option(help: ArgumentHelp("A tree of per-pixel masks mirroring the input root (<relative stem>.png), "
                               + "transformed with nearest sampling.", valueName: "dir"))
    var masks: String?

    @Option(name: .customLong("masks-out"), help: ArgumentHelp("Where the masks go, mirroring -o.", valueName: "dir"))
    var masksOut: String?

    @Option(name: .customLong("mask-fill"),
            help: ArgumentHelp("The mask value of uncovered pixels (255 is the usual 'ignore').", valueName: "v"))
    var maskFill: Int = 0

    func validate() throws {
        guard minVisibility.isFinite, (0...1).contains(minVisibility) else {
            throw ValidationError("--min-visibility must be between 0 and 1, got \(minVisibility)")
        }
        guard minArea.isFinite, minArea >= 0, minArea <= 1e12 else {
            throw ValidationError("--min-area must be between 0 and 1e12 pixels, got \(minArea)")
        }
        try OptionLimits.check(maskFill, in: 0...65535, "--mask-fill")
        if labels == nil {
            for (set, name) in [(labelsOut != nil, "--labels-out"), (data != nil, "--data"),
                                (keypointShape != nil, "--kpt-shape"), (flipIndex != nil, "--flip-idx"),
                                (flipPairs != nil, "--flip-pairs")] where set {
                throw ValidationError("\(name) needs --labels")
            }
        }
        // A run needs --masks-out with --masks (AugmentCommand.validate); a preview only reads masks.
        if masks == nil && masksOut != nil { throw ValidationError("--masks-out needs --masks") }
        if masks == nil && maskFill != 0 { throw ValidationError("--mask-fill needs --masks") }
    }
}

extension BoxMethod: ExpressibleByArgument {}
