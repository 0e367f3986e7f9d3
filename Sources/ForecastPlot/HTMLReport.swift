import Foundation

/// A self-contained HTML page: inline CSS and SVG, nothing loaded from the network.
public struct HTMLReport: Sendable {
  /// A block of the page.
  public enum Block: Sendable {
    /// A section heading.
    case heading(String)
    /// A paragraph of plain text.
    case paragraph(String)
    /// A table with a header row; `numeric` columns are right-aligned.
    case table(header: [String], rows: [[String]], numericColumns: Set<Int>)
    /// An inline SVG chart, with a narrower drawing for phone-sized screens.
    case chart(String, narrow: String? = nil)
    /// A highlighted paragraph: the verdict at the top.
    case callout(String)
    /// Preformatted text (the model summary).
    case preformatted(String)
  }

  /// The page title.
  public var title: String
  /// The blocks, in order.
  public var blocks: [Block]

  /// A report.
  public init(title: String, blocks: [Block]) {
    self.title = title
    self.blocks = blocks
  }

  /// The HTML document.
  public func html() -> String {
    var body = ["<h1>\(xmlEscaped(title))</h1>"]
    for block in blocks {
      switch block {
      case .heading(let text): body.append("<h2>\(xmlEscaped(text))</h2>")
      case .paragraph(let text): body.append("<p>\(xmlEscaped(text))</p>")
      case .callout(let text): body.append("<p class=\"callout\">\(xmlEscaped(text))</p>")
      case .preformatted(let text): body.append("<pre>\(xmlEscaped(text))</pre>")
      case .chart(let svg, let narrow):
        // The SVGs go straight in; each scales with the page, the narrow one below 640 pixels.
        if let narrow {
          body.append("<figure><div class=\"wide\">\(svg)</div><div class=\"narrow\">\(narrow)</div></figure>")
        } else {
          body.append("<figure>\(svg)</figure>")
        }
      case .table(let header, let rows, let numeric):
        func cells(_ values: [String], tag: String) -> String {
          values.enumerated().map { "<\(tag)\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\(xmlEscaped($0.element))</\(tag)>" }.joined()
        }
        body.append("<div class=\"table\"><table><thead><tr>\(cells(header, tag: "th"))</tr></thead><tbody>"
          + rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined() + "</tbody></table></div>")
      }
    }
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(xmlEscaped(title))</title>
      <style>
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; margin: 0 auto; max-width: 960px; padding: 24px; line-height: 1.45; }
      h1 { font-size: 24px; margin: 0 0 8px; }
      h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
      table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
      th, td { padding: 4px 12px; border-bottom: 1px solid #e5e7eb; text-align: left; }
      th { background: #f9fafb; font-weight: 600; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      pre { background: #f9fafb; padding: 12px; font-size: 12px; line-height: 1.15; overflow-x: auto;
            font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
      figure { margin: 8px 0; }
      figure svg { display: block; max-width: 100%; height: auto; }
      .narrow { display: none; }
      .table { max-width: 100%; overflow-x: auto; }
      .callout { background: #eff6ff; border-left: 4px solid #2563eb; padding: 8px 12px; }
      @media (max-width: 640px) {
        body { padding: 12px; }
        .wide { display: none; }
        .narrow { display: block; }
        table { font-size: 10px; }
        th, td { padding: 2px 3px; }
        td.num { white-space: nowrap; }
        pre { font-size: 9px; }
      }
      </style>
      </head>
      <body>
      \(body.joined(separator: "\n"))
      </body>
      </html>
      """
  }
}
