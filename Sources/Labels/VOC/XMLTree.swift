import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SWXMLHash

/// An XML element as a value: its name, attributes and children in document order, text (whitespace included)
/// kept as read, so that a file written back differs from the one read only where it was changed. Comments and
/// processing instructions are not kept.
public struct XMLTree: Sendable, Hashable {
    /// A child of an element: an element or a run of text.
    public enum Child: Sendable, Hashable {
        case element(XMLTree)
        case text(String)
    }

    /// One attribute.
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// The element's tag.
    public var name: String
    /// Its attributes, sorted by name (the parser gives them unordered; sorting keeps the output deterministic).
    public var attributes: [Attribute]
    /// Elements and text, in document order; adjacent text merged.
    public var children: [Child]

    /// An element.
    public init(name: String, attributes: [Attribute] = [], children: [Child] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// Parses a document and returns its root element.
    /// - Parameter bytes: The file's content (its declared encoding, UTF-8 by default).
    /// - Returns: The root element.
    /// - Throws: ``LabelError/Code/badXML`` with the parser's line (and the column in the message) when the
    ///   document is not well-formed or has no root element.
    public static func parse(_ bytes: [UInt8]) throws(LabelError) -> XMLTree {
        let indexer = XMLHash.config { $0.detectParsingErrors = true }.parse(Data(bytes))
        if case .parsingError = indexer {
            // SWXMLHash's line and column come from keys swift-corelibs-foundation does not set: ask the parser
            // again, which keeps where it stopped and why.
            let parser = XMLParser(data: Data(bytes))
            _ = parser.parse()
            let cause = (parser.parserError as? NSError).map { ": \($0.localizedDescription)" } ?? ""
            throw LabelError(.badXML, line: parser.lineNumber > 0 ? parser.lineNumber : nil,
                             "not well-formed XML (column \(parser.columnNumber))\(cause)")
        }
        guard let top = indexer.element, let root = top.children.compactMap({ $0 as? SWXMLHash.XMLElement }).first
        else {
            throw LabelError(.badXML, "no root element")
        }
        return XMLTree(root)
    }

    private init(_ element: SWXMLHash.XMLElement) {
        name = element.name
        attributes = element.allAttributes.values.map { Attribute(name: $0.name, value: $0.text) }
            .sorted { $0.name < $1.name }
        children = []
        for child in element.children {
            if let e = child as? SWXMLHash.XMLElement {
                children.append(.element(XMLTree(e)))
            } else if let t = child as? TextElement {
                if case .text(let before)? = children.last {
                    children[children.count - 1] = .text(before + t.text)
                } else {
                    children.append(.text(t.text))
                }
            }
        }
    }

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLTree? {
        for case .element(let e) in children where e.name == name { return e }
        return nil
    }

    /// The element's text (its text children joined), without leading and trailing whitespace.
    public var text: String {
        var s = ""
        for case .text(let t) in children { s += t }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Replaces the children of the first child element named `name` by `text`; false when there is none.
    @discardableResult
    public mutating func setText(_ text: String, of name: String) -> Bool {
        for (i, c) in children.enumerated() {
            if case .element(var e) = c, e.name == name {
                e.children = [.text(text)]
                children[i] = .element(e)
                return true
            }
        }
        return false
    }

    /// Applies `body` to the first child element named `name`; false when there is none.
    @discardableResult
    public mutating func update(_ name: String, _ body: (inout XMLTree) -> Void) -> Bool {
        for (i, c) in children.enumerated() {
            if case .element(var e) = c, e.name == name {
                body(&e)
                children[i] = .element(e)
                return true
            }
        }
        return false
    }

    /// The index in ``children`` of the first child element named `name`.
    public func index(of name: String) -> Int? {
        children.firstIndex { if case .element(let e) = $0 { e.name == name } else { false } }
    }

    /// Removes the child at `index`, and the whitespace-only text before it (its indentation).
    public mutating func removeChild(at index: Int) {
        children.remove(at: index)
        if index > 0, case .text(let t) = children[index - 1], t.allSatisfy(\.isWhitespace) {
            children.remove(at: index - 1)
        }
    }

    /// Inserts `element` before the child at `index`, indented as that child (the whitespace text before it).
    public mutating func insert(_ element: XMLTree, before index: Int) {
        if index > 0, case .text(let t) = children[index - 1], t.allSatisfy(\.isWhitespace) {
            children.insert(contentsOf: [.element(element), .text(t)], at: index)
        } else {
            children.insert(.element(element), at: index)
        }
    }

    /// The element as XML text: tags, attributes in order, text escaped (`&`, `<`, `>`; in attributes `"` too).
    /// An element without children is written `<name></name>`, as Python's `xml.etree` does not, but as every
    /// reader accepts.
    public var xml: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        out += "<" + name
        for a in attributes { out += " \(a.name)=\"\(Self.escape(a.value, quote: true))\"" }
        out += ">"
        for c in children {
            switch c {
            case .element(let e): e.write(into: &out)
            case .text(let t): out += Self.escape(t, quote: false)
            }
        }
        out += "</" + name + ">"
    }

    private static func escape(_ s: String, quote: Bool) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || (quote && $0 == "\"") }) else { return s }
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quote: out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
