import Foundation
import Testing
@testable import ForecastPlot
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a document with Foundation's XML parser, keeping every element's name and attributes
/// and the text of every `<text>` element.
final class XMLDocumentReader: NSObject, XMLParserDelegate {
  var elements: [(name: String, attributes: [String: String])] = []
  var texts: [String] = []
  private var currentText: String?
  var error: Error?

  /// Reads `document`; `error` is set when it is not well-formed XML.
  static func read(_ document: String) -> XMLDocumentReader {
    let reader = XMLDocumentReader()
    let parser = XMLParser(data: Data(document.utf8))
    parser.delegate = reader
    if !parser.parse() { reader.error = parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    return reader
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
              attributes: [String: String] = [:]) {
    elements.append((name, attributes))
    if name == "text" { currentText = "" }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { currentText? += string }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    if name == "text", let text = currentText { texts.append(text); currentText = nil }
  }

  /// The elements called `name`.
  func all(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }
}

@Suite("SVG and HTML output")
struct SVGTests {
  static let awkward = #"Milk <kg> & "cows" 'per' month — ≥ 5 µ"#

  static func chart(values: [Double] = [1, 3, 2, 5, 4, 6], bands: Bool = true) -> LineChart {
    let dates = (0..<values.count).map { Date(timeIntervalSince1970: Double($0) * 31 * 86_400) }
    let line = LineChart.Line(label: awkward, role: .observed, dates: dates, values: values)
    let band = LineChart.Band(label: "95% <interval>", role: .forecast, opacity: 0.2, dates: dates,
                              lower: values.map { $0 - 1 }, upper: values.map { $0 + 1 })
    return LineChart(title: awkward, panels: [LineChart.Panel(yLabel: "y & <z>", lines: [line], bands: bands ? [band] : [])])
  }

  @Test("escaping replaces the five characters that break markup, nothing else")
  func escaping() {
    #expect(xmlEscaped(#"<a href="x">&amp;</a>"#) == "&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;")
    #expect(xmlEscaped("plain text, ≥ µ") == "plain text, ≥ µ")
  }

  @Test("a chart is well-formed SVG whose texts read back unchanged")
  func wellFormed() {
    let reader = XMLDocumentReader.read(Self.chart().svg())
    #expect(reader.error == nil, "\(String(describing: reader.error))")
    #expect(reader.elements.first?.name == "svg" && reader.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
    #expect(reader.texts.filter { $0 == Self.awkward }.count == 2)  // title and legend
    #expect(reader.texts.contains("y & <z>") && reader.texts.contains("95% <interval>"))
    #expect(reader.all("polyline").count == 2 && reader.all("polygon").count == 2)  // line and band, each with its legend swatch
  }

  /// The points of the chart's longest polyline: its data line (the legend's swatch has two).
  static func dataPoints(_ svg: String) -> [(x: Double, y: Double)] {
    let lines = XMLDocumentReader.read(svg).all("polyline").map { polyline in
      polyline["points"]!.split(separator: " ").map { pair in
        let xy = pair.split(separator: ",").map { Double($0)! }
        return (x: xy[0], y: xy[1])
      }
    }
    return lines.max { $0.count < $1.count } ?? []
  }

  @Test("x and y scales map the data onto the plot area: first and last x at its edges, larger values higher")
  func scales() {
    let values: [Double] = [1, 3, 2, 5, 4, 6]
    let points = Self.dataPoints(Self.chart(values: values, bands: false).svg())
    #expect(points.count == values.count)
    // Plot area: x from 72 to 900 − 24, y from 56 to 56 + 300.
    #expect(points.first!.x == 72 && points.last!.x == 876)
    #expect(points.allSatisfy { $0.y >= 56 && $0.y <= 356 })
    for (i, j) in zip(values.indices, values.indices.dropFirst()) {
      #expect((values[i] < values[j]) == (points[i].y > points[j].y))
    }
    // The y range is padded by 5%: 1 … 6 spans 300 / 1.1 pixels.
    let span = points.map(\.y).max()! - points.map(\.y).min()!
    #expect(abs(span - 300 / 1.1) < 0.2)
  }

  @Test("gaps, lone points, constant and all-NaN lines still give well-formed SVG")
  func awkwardData() {
    let gappy = Self.chart(values: [1, .nan, 3, .infinity, 5, 6], bands: false).svg()
    let reader = XMLDocumentReader.read(gappy)
    #expect(reader.error == nil)
    #expect(reader.all("circle").count == 2 && reader.all("polyline").count == 1)  // lone 1 and 3; 5–6; no legend for one line
    for values in [[Double](repeating: 7, count: 6), [Double](repeating: .nan, count: 6), [42]] {
      let document = Self.chart(values: values).svg()
      #expect(XMLDocumentReader.read(document).error == nil, "\(values)")
      #expect(!document.contains("nan") && !document.contains("inf"), "\(values)")
    }
  }

  @Test("stacked panels over numbers share one x axis with integer ticks")
  func panelsAndNumbers() {
    let epochs = (1...20).map(Double.init)
    let panels = ["loss", "val_loss"].map { label in
      LineChart.Panel(yLabel: label, lines: [LineChart.Line(label: label, role: .trainingLoss, x: epochs, values: epochs.map { 1 / $0 })])
    }
    let reader = XMLDocumentReader.read(LineChart(title: "Loss", panels: panels, xAxis: .numbers("epoch"), panelHeight: 200).svg())
    #expect(reader.error == nil)
    #expect(reader.all("svg").first?["height"] == "536.0")  // 56 + 2·200 + 28 + 52 (ticks and the axis title)
    let xLabels = reader.texts.compactMap(Int.init)
    #expect(xLabels.contains(5) && xLabels.contains(20) && reader.texts.contains("epoch"))
  }

  @Test("a report escapes its text and loads nothing from the network")
  func report() {
    let report = HTMLReport(title: Self.awkward, blocks: [
      .heading("<h2>"), .paragraph("a & b"), .preformatted("x < y"),
      .table(header: ["method", "MASE"], rows: [["<ets>", "0.9"]], numericColumns: [1]),
      .chart(Self.chart().svg()),
    ])
    let html = report.html()
    #expect(html.contains("<title>Milk &lt;kg&gt; &amp; &quot;cows&quot;"))
    #expect(html.contains("<h2>&lt;h2&gt;</h2>") && html.contains("<p>a &amp; b</p>") && html.contains("<pre>x &lt; y</pre>"))
    #expect(html.contains(#"<td>&lt;ets&gt;</td><td class="num">0.9</td>"#))
    // Nothing that would fetch: no src, href, url() but to the document's own clip paths (#id),
    // @import, script, link, img or iframe.
    let lowered = html.lowercased()
    for marker in ["src=", "href=", "@import", "<script", "<link", "<img", "<iframe", "<object", "<embed"] {
      #expect(!lowered.contains(marker), "the report contains \(marker)")
    }
    #expect(lowered.components(separatedBy: "url(").count == lowered.components(separatedBy: "url(#").count)
  }
}
