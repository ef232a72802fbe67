import Augment
import Labels
import Testing

@Suite struct YOLOParsingTests {
    /// The error `parse` throws for `text`.
    func failure(_ text: String, _ format: YOLOFormat = .detect) throws -> LabelError {
        try #require(throws: LabelError.self) { try YOLO.parse(bytes(text), format: format, width: 100, height: 50) }
    }

    @Test func boxesBecomePixelsOfTheInput() throws {
        let objects = try YOLO.parse(bytes("0 0.5 0.5 0.2 0.4\n7 0.1 0.2 0.2 0.2\n"), format: .detect,
                                     width: 100, height: 50)
        #expect(objects == [
            LabelObject(classToken: "0", shape: .box(Box(minX: 40, minY: 15, maxX: 60, maxY: 35))),
            LabelObject(classToken: "7", shape: .box(Box(minX: 0, minY: 5, maxX: 20, maxY: 15))),
        ])
    }

    @Test func emptyAndBlankFilesHaveNoObjects() throws {
        for text in ["", "\n", "  \n\t\n", "\r\n\r\n"] {
            #expect(try YOLO.parse(bytes(text), format: .detect, width: 10, height: 10).isEmpty)
            #expect(try YOLO.parse(bytes(text), format: .pose(keypoints: 3, dimensions: 3), width: 10, height: 10)
                .isEmpty)
        }
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let e = try failure("\n0 0.5 0.5 0.2 0.2\n\n   \n1 0.5 0.5 0.2 0.2 0.1\n")
        #expect(e.code == .columnCount)
        #expect(e.line == 5)
        #expect(e.description.hasPrefix("line 5: "))
    }

    @Test func crlfTabsAndByteOrderMarkAreWhitespace() throws {
        let text = [0xEF, 0xBB, 0xBF] + bytes("3\t0.5 0.5  0.5 0.5\r\n")
        let objects = try YOLO.parse(text, format: .detect, width: 10, height: 10)
        #expect(objects == [LabelObject(classToken: "3", shape: .box(Box(minX: 2.5, minY: 2.5, maxX: 7.5, maxY: 7.5)))])
    }

    @Test func classTokensAreKeptAsWritten() throws {
        let objects = try YOLO.parse(bytes("03 0.5 0.5 0.1 0.1\n2.0 0.5 0.5 0.1 0.1\n"), format: .detect,
                                     width: 10, height: 10)
        #expect(objects.map(\.classToken) == ["03", "2.0"])
    }

    @Test func badClassesAreRefusedWithTheirLine() throws {
        for text in ["0 0.5 0.5 0.1 0.1\nx 0.5 0.5 0.1 0.1", "0 0.5 0.5 0.1 0.1\n1.5 0.5 0.5 0.1 0.1",
                     "0 0.5 0.5 0.1 0.1\n-1 0.5 0.5 0.1 0.1", "0 0.5 0.5 0.1 0.1\nnan 0.5 0.5 0.1 0.1"] {
            let e = try failure(text)
            #expect(e.code == .badClass)
            #expect(e.line == 2)
        }
    }

    @Test func nonNumbersAreRefused() throws {
        for token in ["abc", "nan", "inf", "0.5.5", ""] where !token.isEmpty {
            let e = try failure("0 0.5 \(token) 0.1 0.1")
            #expect(e.code == .notANumber)
            #expect(e.line == 1)
            #expect(e.message.contains("value 3"))
        }
    }

    @Test func coordinatesHaveUltralyticsTolerance() throws {
        _ = try YOLO.parse(bytes("0 1.01 -0.01 0.5 0.5"), format: .detect, width: 10, height: 10)
        for value in ["1.0101", "-0.0101", "2", "-1"] {
            let e = try failure("0 0.5 0.5 0.1 0.1\n0 0.5 0.5 \(value) 0.1")
            #expect(e.code == .outOfRange)
            #expect(e.line == 2)
        }
    }

    @Test func boxRowsNeedFiveValues() throws {
        for text in ["0 0.5 0.5 0.1", "0", "0 0.5 0.5 0.1 0.1 0.1"] {
            let e = try failure(text)
            #expect(e.code == .columnCount)
        }
    }

    @Test func aRowOfMoreThanSixValuesMakesAPolygonFile() throws {
        let objects = try YOLO.parse(bytes("1 0 0 1 0 1 1\n2 0.1 0.1 0.2 0.1 0.2 0.2 0.1 0.2\n"), format: .detect,
                                     width: 10, height: 20)
        #expect(objects == [
            LabelObject(classToken: "1", shape: .polygon([Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 20)])),
            LabelObject(classToken: "2", shape: .polygon([Point(x: 1, y: 2), Point(x: 2, y: 2), Point(x: 2, y: 4),
                                                          Point(x: 1, y: 4)])),
        ])
        // In a polygon file a box row would be misread by ultralytics as a 2-point segment: refused.
        let mixed = try failure("0 0.5 0.5 0.1 0.1\n1 0 0 1 0 1 1\n")
        #expect(mixed.code == .columnCount)
        #expect(mixed.line == 1)
        let odd = try failure("1 0 0 1 0 1 1\n1 0 0 1 0 1 1 0.5\n")
        #expect(odd.code == .columnCount)
        #expect(odd.line == 2)
    }

    @Test func orientedBoxesHaveFourCorners() throws {
        let objects = try YOLO.parse(bytes("4 0.1 0.2 0.3 0.2 0.3 0.4 0.1 0.4"), format: .obb, width: 100, height: 50)
        #expect(objects == [LabelObject(classToken: "4", shape: .orientedBox([
            Point(x: 10, y: 10), Point(x: 30, y: 10), Point(x: 30, y: 20), Point(x: 10, y: 20),
        ]))])
        #expect(try failure("4 0.1 0.2 0.3 0.2 0.3 0.4 0.1", .obb).code == .columnCount)
        #expect(try failure("4 0.1 0.2 0.3 0.2 0.3 0.4 0.1 0.4 0.5", .obb).code == .columnCount)
    }

    @Test func posesReadTheirKeypoints() throws {
        let three = try YOLO.parse(bytes("0 0.5 0.5 0.2 0.2 0.1 0.2 2 0.3 0.4 0"), format: .pose(keypoints: 2, dimensions: 3),
                                   width: 100, height: 50)
        #expect(three == [LabelObject(classToken: "0", shape: .pose(
            box: Box(minX: 40, minY: 20, maxX: 60, maxY: 30),
            keypoints: [Keypoint(x: 10, y: 10, visibility: 2), Keypoint(x: 30, y: 20, visibility: 0)]))])
        let two = try YOLO.parse(bytes("0 0.5 0.5 0.2 0.2 0.1 0.2 0.3 0.4"), format: .pose(keypoints: 2, dimensions: 2),
                                 width: 100, height: 50)
        #expect(two == [LabelObject(classToken: "0", shape: .pose(
            box: Box(minX: 40, minY: 20, maxX: 60, maxY: 30),
            keypoints: [Keypoint(x: 10, y: 10), Keypoint(x: 30, y: 20)]))])
    }

    @Test func poseRowsMustMatchTheKeypointShape() throws {
        let row = "0 0.5 0.5 0.2 0.2" + String(repeating: " 0.5 0.5", count: 17)  // 17 points of 2 values
        let e = try failure("\n" + row, .pose(keypoints: 17, dimensions: 3))
        #expect(e.code == .columnCount)
        #expect(e.line == 2)
        #expect(e.message.contains("kpt_shape [17, 3]"))
        #expect(e.message.contains("56"))
        _ = try YOLO.parse(bytes(row), format: .pose(keypoints: 17, dimensions: 2), width: 10, height: 10)
        #expect(try failure("0 0.5 0.5 0.2 0.2 0.1 0.1 -1", .pose(keypoints: 1, dimensions: 3)).code == .badVisibility)
    }

    @Test func invalidFormatsAreRefused() throws {
        #expect(try failure("", .pose(keypoints: 0, dimensions: 3)).code == .badFormat)
        #expect(try failure("", .pose(keypoints: 3, dimensions: 4)).code == .badFormat)
        let e = try #require(throws: LabelError.self) {
            try YOLO.parse(bytes(""), format: .detect, width: 0, height: 10)
        }
        #expect(e.code == .badFormat)
        #expect(e.line == nil)
    }
}
