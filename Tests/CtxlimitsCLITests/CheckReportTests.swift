import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import CtxlimitsCLI

/// Parses a page as XML: element names with their attributes, and the text of `<style>`.
final class PageProbe: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""

    static func parse(_ page: String) -> PageProbe? {
        let probe = PageProbe()
        let parser = XMLParser(data: Data(page.utf8))
        parser.delegate = probe
        return parser.parse() ? probe : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }
}

/// `check CONFIG --report FILE.html`: well-formed, self-contained, and holding what it promises.
/// (That it renders in a real browser is scripts/check_report_browser.py, run by .ci/run.)
@Suite("check --report: the one-page HTML report")
struct CheckReportTests {
    func page(_ arguments: [String], expectCode: Int32) throws -> String {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.html").path
        let r = runTool(arguments + ["--report", path])
        #expect(r.code == expectCode, "\(r.err)")
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Nothing is fetched: no script, no element that loads a resource, no url() but the pages'
    /// own clip paths, and every clip path id is unique and defined on the page.
    func expectSelfContained(_ html: String, _ probe: PageProbe) {
        #expect(probe.count("script") == 0 && !html.lowercased().contains("<script"))
        let loading = probe.elements.filter { e in ["src", "href", "srcset", "xlink:href", "action"].contains { e.attributes[$0] != nil } }
        #expect(loading.isEmpty, "\(loading.map(\.name))")
        #expect(!html.contains("@import") && ["iframe", "img", "link", "object", "embed"].allSatisfy { probe.count($0) == 0 })
        let urls = html.ranges(of: "url(").map { String(html[$0.upperBound...].prefix(while: { $0 != ")" })) }
        let ids = probe.elements.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count, "duplicate ids")
        for u in urls { #expect(u.hasPrefix("#") && ids.contains(String(u.dropFirst())), "url(\(u))") }
        let external = html.ranges(of: "http").map { String(html[$0.lowerBound...].prefix(40)) }
        #expect(external.allSatisfy { $0.hasPrefix("http://www.w3.org/2000/svg") }, "\(external)")
    }

    @Test func violatedModelGetsTheWholePage() throws {
        let html = try page(["check", "llama-3.1-8b", "--kernel-reading", "exact"], expectCode: 3)
        let probe = try #require(PageProbe.parse(html), "the page is not well-formed")
        expectSelfContained(html, probe)
        #expect(probe.elements.first?.name == "html")
        #expect(probe.count("svg") == 4, "spectrum, kernel, erasure and feasibility")
        for heading in ["Model and bounds", "Lint warnings", "What each serving stack derives", "Figures", "Where each formula comes from"] {
            #expect(probe.text.contains(heading))
        }
        #expect(probe.text.contains("VIOLATED at 131072 tokens: kernel fails") && probe.text.contains("the gate (kernel) holds up to 85133 tokens"))
        #expect(probe.text.contains("RULER: effective at 32768 tokens of claimed 131072"))
        // the per-bound table: the kernel row marked, every bound named
        #expect(probe.elements.contains { $0.name == "tr" && $0.attributes["class"] == "bad" })
        for bound in ["aliasing", "dc_stability", "depth", "precision", "kernel"] { #expect(probe.text.contains(bound)) }
        #expect(probe.text.contains("Men et al., NeurIPS 2024") && probe.text.contains("[R] reconstructed"))
        #expect(probe.text.contains("Feasible RoPE bases at N = 32 — llama-3.1-8b"))
    }

    @Test func warningsAndStacksAreListed() throws {
        let html = try page(["check", "phi-3.5-mini-instruct"], expectCode: 3)
        let probe = try #require(PageProbe.parse(html))
        expectSelfContained(html, probe)
        let json = try decodeJSON(runTool(["check", "phi-3.5-mini-instruct", "--format", "json"]).out)
        let warnings = json["warnings"].array
        #expect(!warnings.isEmpty)
        for w in warnings { #expect(probe.text.contains(w["rule"].string) && probe.text.contains(w["field"].string)) }
        #expect(probe.text.contains("vLLM 0.33") && probe.text.contains("llama.cpp"))
    }

    /// A recurrent model's page gives Stuffed Mamba's verdict against its training length, with its
    /// figure and provenance; a model with no verdict gets a grey banner, never a green one.
    @Test func modelWithoutRoPE() throws {
        let html = try page(["check", "mamba2-130m"], expectCode: 0)
        let probe = try #require(PageProbe.parse(html))
        expectSelfContained(html, probe)
        #expect(probe.text.contains("Predicted to collapse past its training length of 8\u{202F}192 tokens"))
        #expect(probe.elements.contains { $0.name == "div" && $0.attributes["class"] == "banner bad" })
        #expect(probe.count("svg") == 1 && probe.text.contains("this model") && probe.text.contains("Where each number comes from"))
        #expect(!probe.text.contains("e+0"), "printf-formatted numbers")
        // grouped digits never break across lines on a phone ("2" at a line's end, "048" on the next)
        #expect(probe.text.contains("2\u{202F}048 tokens"))
        let hybrid = try page(["check", "jamba-v0.1"], expectCode: 0)
        let hybridProbe = try #require(PageProbe.parse(hybrid))
        #expect(hybridProbe.text.contains("No verdict") && hybridProbe.elements.contains { $0.attributes["class"] == "banner neutral" })
        #expect(!hybridProbe.elements.contains { $0.attributes["class"] == "banner good" })
    }

    /// One story: the figure that marks the model marks it with the banner's verdict; names are set
    /// literally (no "sliding_ₐttention"); tables scroll inside their container; no figure text is
    /// drawn below 11 px however narrow the screen (the SVG keeps a minimum width instead).
    @Test func theFiguresTellTheBannersStory() throws {
        let violated = try page(["check", "llama-2-7b"], expectCode: 3)
        let probe = try #require(PageProbe.parse(violated))
        let banner = try #require(probe.elements.first { $0.name == "div" && ($0.attributes["class"] ?? "").hasPrefix("banner") })
        #expect(banner.attributes["class"] == "banner bad")
        #expect(probe.text.contains("this page's verdict: violated") && !probe.text.contains("phase bounds hold"))
        let gemma = try page(["check", "gemma-3-27b-it"], expectCode: 0)
        #expect(gemma.contains(">sliding_attention") && !gemma.contains("ₐ"))
        #expect(try #require(PageProbe.parse(gemma)).text.contains("this page's verdict: the gate (kernel) holds"))
        for html in [violated, gemma] {
            let p = try #require(PageProbe.parse(html))
            let tables = p.elements.enumerated().filter { $0.element.name == "table" }.map(\.offset)
            #expect(tables.allSatisfy { i in p.elements[i - 1].attributes["class"] == "scroll" }, "a table outside a scroll container")
            // Each figure's text elements follow its <svg> (figures do not nest): the smallest font
            // at the minimum displayed width is at least 11 px.
            var current: (minimum: Double, width: Double, smallest: Double)?
            func finish() { if let c = current { #expect(c.smallest * c.minimum / c.width >= 11 - 1e-9, "figure text below 11 px") } }
            for e in p.elements {
                if e.name == "svg" {
                    finish()
                    let style = try #require(e.attributes["style"]), width = try #require(Double(e.attributes["width"] ?? ""))
                    let minimum = try #require(Double(style.replacingOccurrences(of: "min-width:", with: "").replacingOccurrences(of: "px", with: "")))
                    current = (minimum, width, .infinity)
                } else if e.name == "text", let size = e.attributes["font-size"].flatMap(Double.init), let c = current {
                    current = (c.minimum, c.width, min(c.smallest, size))
                }
            }
            finish()
        }
    }

    @Test func badRequestsWriteNothing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/report.html").path
        let r = runTool(["check", "llama-3.1-8b", "--report", missing])
        #expect(r.code == 1 && r.err.contains("--report"))
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(runTool(["check", "--all", "--report", dir.appendingPathComponent("x.html").path]).code == 2)
        let bad = dir.appendingPathComponent("bad.html").path
        #expect(runTool(["check", "/no/such/config.json", "--report", bad]).code == 1)
        #expect(!FileManager.default.fileExists(atPath: bad))
    }
}
