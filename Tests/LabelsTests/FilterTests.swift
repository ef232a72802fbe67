import Augment
import Labels
import Testing

/// albumentations' clip and filter: visible fraction, least area, empty objects; the counts.
@Suite struct FilterTests {
    /// A 50 x 10 box half pushed off the left edge of a 100 x 100 canvas.
    static let half = Box(minX: 0, minY: 0, maxX: 50, maxY: 10)
    static let shift = Affine.translation(-25, 0)

    func kept(_ shape: Shape, minVisibility: Double = 0, minArea: Double = 0) throws -> Shape? {
        try single(LabelTransform(affine: Self.shift, outputSize: (100, 100), minVisibility: minVisibility,
                                  minArea: minArea), shape)
    }

    @Test func boxesAreClippedToTheCanvas() throws {
        #expect(try kept(.box(Self.half)) == .box(Box(minX: 0, minY: 0, maxX: 25, maxY: 10)))
    }

    @Test func visibleFractionAgainstMinVisibility() throws {
        #expect(try kept(.box(Self.half), minVisibility: 0.5) != nil)
        #expect(try kept(.box(Self.half), minVisibility: 0.51) == nil)
        // 1.0 keeps whole boxes (albumentations' epsilon drops them, alb#875).
        #expect(try kept(.box(Box(minX: 30, minY: 0, maxX: 80, maxY: 10)), minVisibility: 1) != nil)
        #expect(try kept(.polygon(Self.half.corners), minVisibility: 0.5) != nil)
        #expect(try kept(.polygon(Self.half.corners), minVisibility: 0.51) == nil)
    }

    @Test func areaAgainstMinArea() throws {
        #expect(try kept(.box(Self.half), minArea: 250) != nil)
        #expect(try kept(.box(Self.half), minArea: 250.001) == nil)
    }

    @Test func emptyObjectsAreDropped() throws {
        #expect(try kept(.box(Box(minX: 0, minY: 0, maxX: 20, maxY: 10))) == nil)        // wholly off the canvas
        #expect(try kept(.box(Box(minX: 0, minY: 0, maxX: 25, maxY: 10))) == nil)        // touches the edge only
        #expect(try kept(.box(Box(minX: 40, minY: 5, maxX: 60, maxY: 5))) == nil)        // zero height
        #expect(try kept(.pose(box: Box(minX: 0, minY: 0, maxX: 20, maxY: 10), keypoints: [])) == nil)
    }

    @Test func theResultCountsWhatWentInAndOut() throws {
        let t = LabelTransform(affine: Self.shift, outputSize: (100, 100), minVisibility: 0.6)
        let objects = [
            LabelObject(classToken: "0", shape: .box(Self.half)),                                      // 0.5: dropped
            LabelObject(classToken: "1", shape: .box(Box(minX: 30, minY: 0, maxX: 80, maxY: 10))),     // whole
            LabelObject(classToken: "2", shape: .box(Box(minX: 0, minY: 0, maxX: 10, maxY: 10))),      // gone
            LabelObject(classToken: "3", shape: .polygon([Point(x: 40, y: 0), Point(x: 60, y: 0), Point(x: 50, y: 9)])),
        ]
        let r = try t.apply(objects)
        #expect(r.inputCount == 4)
        #expect(r.outputCount == 2)
        #expect(r.droppedCount == 2)
        #expect(r.objects.map(\.classToken) == ["1", "3"])
    }
}
