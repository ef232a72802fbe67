import ArgumentParser
import Codecs

/// `augment`: a directory of images in, an augmented dataset out, nothing lost. The options come in groups; the
/// command resolves them once into a ``RunConfiguration``, which is all the parent and the workers see.
struct AugmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "augment",
        abstract: "Rotate and flip (fixed or random) a dataset of PNG and JPEG images, in parallel.",
        usage: "augment <input>... -o <dir> [--op <spec>]... [<options>]\n       augment preview <input>... -o <sheet.png> [<options>]\n"
            + "       augment coco-merge <shard.json>... -o <out.json>",
        discussion: """
            OPS (--op, repeatable, applied in order): NAME[=VALUE][,KEY=VALUE]...
              rotate=DEG          counter-clockwise degrees (as Pillow's rotate)
              rotate=A..B         uniform in [A, B]; A|B|C picks one
                resample=R          nearest (default), bilinear, bicubic
                expand=true         grow the canvas to hold the whole image
                fill=R:G:B[:A]      colour of the uncovered corners (default 0)
                crop=inscribed      keep the largest rectangle with no fill
                center=X:Y          centre of rotation in pixels
              flip=h | flip=v     mirror left-right | top-bottom (h|v picks one)
              rot90 rot180 rot270 quarter turns, counter-clockwise
              transpose           mirror about the main diagonal
              transverse          mirror about the other diagonal
              affine              rotate=, scale=, translate=, translate-y=, shear=,
                                  shear-y= (each a value or A..B), resample=, fill=:
                                  one matrix about the centre (torchvision's)
              resize=WxH          Pillow's resize; also short:S, long:L, fit:WxH
                resample=R          nearest, box, bilinear (default), hamming,
                                    bicubic, lanczos
              crop=WxH            centre crop; at=random or at=FX:FY places it
              pad=WxH             pad to at least WxH, centred (fill=...)
              letterbox=WxH       Ultralytics' LetterBox (fill 114:114:114)
              random-resized-crop=WxH,scale=A..B,ratio=A..B
                                  torchvision's RandomResizedCrop
              every op: p=P       apply with probability P (default 1)

            EXAMPLES
              Pillow's im.rotate(45).transpose(Image.FLIP_LEFT_RIGHT), on a tree:
                augment photos/ -o out/ --op rotate=45 --op flip=h
              Four random variants of each image, no black corners:
                augment photos/ -o out/ --copies 4 --seed 7 \\
                  --op rotate=-15..15,resample=bilinear,crop=inscribed --op flip=h,p=0.5
              A report, a failed list, and a retry of exactly the failures:
                augment photos/ -o out/ --op rot90 --report r.jsonl --failed f.txt
                augment photos/ -o out/ --op rot90 --from-list f.txt

            PREVIEW
              augment preview photos/ -o sheet.png --op ... --samples 4 --copies 3
              a contact sheet of what the ops do ('augment preview --help').

            COCO
              augment train/ -o aug/ --labels coco:instances.json --labels-out aug.json
              augment coco-merge shard0.json shard1.json ... -o aug.json
              one COCO file for the outputs; shards' files merge into the single
              run's bytes ('augment coco-merge --help').

            EXIT STATUS
              0 all ok, 1 some items failed, 2 usage error, 3 the report or the
              failed list could not be written, 130 SIGINT, 143 SIGTERM.
            """
    )

    @OptionGroup(title: "Inputs") var inputs: InputOptions
    @OptionGroup(title: "Outputs") var outputs: OutputOptions
    @OptionGroup(title: "Ops") var ops: OpOptions
    @OptionGroup(title: "Labels and masks") var labels: LabelOptions
    @OptionGroup(title: "Workers") var workers: WorkerOptions
    @OptionGroup(title: "Reporting") var reporting: ReportingOptions

    /// What no single option group can check alone.
    func validate() throws {
        if labels.masks != nil && labels.masksOut == nil {
            throw ValidationError("--masks needs --masks-out (where the transformed masks go, mirroring -o)")
        }
    }

    /// Runs the command; the exit status comes back as an ``ExitCode`` when it is not 0.
    mutating func runAsync() async throws {
        let configuration = try RunConfiguration(resolving: self)
        let code = try await ParentRun(configuration: configuration).run()
        if code != 0 { throw ExitCode(code) }
    }
}
